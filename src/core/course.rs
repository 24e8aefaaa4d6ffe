//! The course (SCENARIOS.md "Lessons and challenges"): its table of contents, and the learner's
//! progress through it — which lessons are done, the fewest moves each challenge took, and the
//! predictions answered right — kept by the browser under its own key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `lessons/course.json`: the lessons and challenges in teaching order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub lessons: Vec<Entry>,
}

/// One lesson or challenge of the course (its id is its file name without `.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
}

impl Course {
    pub fn parse(text: &str) -> Result<Course, String> {
        let course: Course = serde_json::from_str(text).map_err(|e| format!("lessons/course.json: {e}"))?;
        if let Some(bad) = course.lessons.iter().find(|e| !is_id(&e.id)) {
            return Err(format!("lessons/course.json: {:?} is not a lesson id (letters, digits and -)", bad.id));
        }
        Ok(course)
    }

    /// The entry after `id`, if any.
    pub fn next(&self, id: &str) -> Option<&Entry> {
        let i = self.lessons.iter().position(|e| e.id == id)?;
        self.lessons.get(i + 1)
    }
}

/// A lesson id names a file beside the app: letters, digits and hyphens only.
pub fn is_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 80 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// How the learner did on one lesson or challenge.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mark {
    pub done: bool,
    /// The fewest moves a challenge was solved in.
    pub best_moves: Option<usize>,
    /// Predictions answered right, of those answered (the best run of the lesson).
    pub right: usize,
    pub asked: usize,
}

/// The learner's progress, by lesson id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Progress(pub BTreeMap<String, Mark>);

/// A lesson or challenge just done, as the learner's progress records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Done {
    /// Played to its last step, with the predictions answered right and answered.
    Lesson { id: String, right: usize, asked: usize },
    /// Solved in this many moves.
    Challenge { id: String, moves: usize },
}

impl Progress {
    /// Records a lesson or challenge done.
    pub fn record(&mut self, done: &Done) {
        match done {
            Done::Lesson { id, right, asked } => self.finish_lesson(id, *right, *asked),
            Done::Challenge { id, moves } => self.solve(id, *moves),
        }
    }

    /// Reads saved progress; unreadable text is a fresh start (progress is not the learner's work
    /// and never blocks the lab).
    pub fn parse(text: &str) -> Progress {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn mark(&self, id: &str) -> Mark {
        self.0.get(id).cloned().unwrap_or_default()
    }

    /// A lesson played to its end, with the predictions answered on the way.
    pub fn finish_lesson(&mut self, id: &str, right: usize, asked: usize) {
        let m = self.0.entry(id.to_string()).or_default();
        m.done = true;
        if asked > 0 && (m.asked == 0 || right * m.asked > m.right * asked) {
            (m.right, m.asked) = (right, asked);
        }
    }

    /// A challenge solved in `moves`.
    pub fn solve(&mut self, id: &str, moves: usize) {
        let m = self.0.entry(id.to_string()).or_default();
        m.done = true;
        m.best_moves = Some(m.best_moves.map_or(moves, |b| b.min(moves)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_keeps_the_best_and_survives_a_round_trip() {
        let mut p = Progress::default();
        p.solve("remove-pstn", 3);
        p.solve("remove-pstn", 5);
        p.finish_lesson("first-join", 2, 4);
        p.finish_lesson("first-join", 1, 4);
        let back = Progress::parse(&p.to_text());
        assert_eq!(back, p);
        assert_eq!(back.mark("remove-pstn").best_moves, Some(3));
        assert_eq!((back.mark("first-join").right, back.mark("first-join").asked), (2, 4));
        assert!(!back.mark("unknown").done);
        assert_eq!(Progress::parse("not json"), Progress::default());
    }

    #[test]
    fn course_ids_name_files_only() {
        let c =
            Course::parse(r#"{"lessons": [{"id": "first-join", "title": "A first join"}, {"id": "b", "title": "B"}]}"#);
        assert_eq!(c.unwrap().next("first-join").map(|e| e.id.as_str()), Some("b"));
        assert!(Course::parse(r#"{"lessons": [{"id": "../etc", "title": "x"}]}"#).is_err());
    }
}
