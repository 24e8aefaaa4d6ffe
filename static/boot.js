const { js, wasm } = document.querySelector('script[data-js]').dataset;
(await import(js)).default({ module_or_path: wasm });
