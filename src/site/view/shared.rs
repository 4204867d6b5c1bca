//! One view shown in several lists (a unit on its wave, on the schedule and on its workload;
//! a warning on its wave, on the warnings pages and on its workload), held once.
//!
//! [`SharedView`] holds the view behind an `Arc`, so the lists share it in the view model, and
//! converts it to tera data once per site-wide conversion ([`convert`]): every list holding
//! it then holds the same tera value (tera keeps maps behind `Arc`s too), instead of a copy
//! per list. Templates see the view's fields as before.

use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// A view held once and shown in several lists; reads as the view itself.
#[derive(Debug)]
pub struct SharedView<T>(Arc<T>);

impl<T> SharedView<T> {
    pub fn new(view: T) -> SharedView<T> {
        SharedView(Arc::new(view))
    }
}

impl<T> Clone for SharedView<T> {
    fn clone(&self) -> Self {
        SharedView(Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for SharedView<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

thread_local! {
    /// While [`convert`] runs on this thread: each shared view's tera value, by address.
    static CONVERTED: RefCell<Option<HashMap<usize, tera::Value>>> = const { RefCell::new(None) };
}

/// `value` as tera data, each [`SharedView`] view in it converted once.
pub fn convert<T: Serialize + ?Sized>(value: &T) -> tera::TeraResult<tera::Value> {
    let outer = CONVERTED.with(|c| c.borrow_mut().replace(HashMap::new()));
    let converted = tera::Value::try_from_serializable(value);
    CONVERTED.with(|c| *c.borrow_mut() = outer);
    converted
}

impl<T: Serialize> Serialize for SharedView<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let key = Arc::as_ptr(&self.0) as usize;
        let known = CONVERTED.with(|c| c.borrow().as_ref().map(|seen| seen.get(&key).cloned()));
        match known {
            // Not within `convert`: the view itself.
            None => self.0.serialize(serializer),
            // Handed to tera's serializer, a tera value is shared, not copied.
            Some(Some(value)) => value.serialize(serializer),
            Some(None) => {
                let value = tera::Value::try_from_serializable(&*self.0)
                    .map_err(serde::ser::Error::custom)?;
                CONVERTED.with(|c| {
                    if let Some(seen) = c.borrow_mut().as_mut() {
                        seen.insert(key, value.clone());
                    }
                });
                value.serialize(serializer)
            }
        }
    }
}
