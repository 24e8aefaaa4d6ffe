// confsim embeds: include this script on a page that embeds the lab in iframes
// (<iframe src="…/index.html?embed#scenario=…">). Each embed posts its content height when it
// changes ({"confsim": "height", "height": N}); this sizes the iframe that sent it.
addEventListener('message', (e) => {
  const d = e.data;
  if (!d || d.confsim !== 'height' || typeof d.height !== 'number') return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === e.source) frame.style.height = `${Math.ceil(d.height) + 4}px`;
  }
});
