//! Webhook delivery → event. Input: the `X-GitHub-Event` name on the first
//! line, the body after it. Any body must give an event or a `PayloadError`
//! (answered 400), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use techlead::event::Event;
use techlead::github::webhook::parse;

fuzz_target!(|data: &[u8]| {
    let (name, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&b""[..], data),
    };
    let name = String::from_utf8_lossy(name);
    if let Ok(Event::Review(request)) = parse(&name, body) {
        // What reaches the queue is stored as JSON and read back by the worker.
        let json = serde_json::to_string(&request).expect("a review request serializes");
        let back: techlead::event::ReviewRequest = serde_json::from_str(&json).expect("a stored review request reads back");
        assert_eq!(back, request);
    }
});
