//! The staff suite's conveniences over the shared [`TestApp`] (the real
//! server on port 0 with one token per role plus an expired and a revoked one).

use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

use crate::app::TestApp;

/// The staff API as the suite's tests use it.
pub trait StaffApi {
    /// GET `path` and its JSON body, which must come with a 200.
    async fn get_json(&self, path: &str, token: Option<&str>) -> Value;
    /// A staff FAQ and its ETag version; `slug` may carry a query
    /// (`"treatment-process?lang=es"` for the Spanish version).
    async fn faq(&self, slug: &str) -> (Value, u32);
    /// PUT a new draft of `slug` with `answer`, using the current ETag.
    async fn edit(&self, token: &str, slug: &str, answer: &str) -> Response;
    /// PUT `body` (`{"faq": ..., "note": ...}`) as a new draft of `slug`,
    /// with `version` as the If-Match.
    async fn put_faq(&self, token: &str, slug: &str, version: u32, body: &Value) -> Response;
    /// POST a new FAQ as the editor.
    async fn create_faq(&self, body: &Value) -> Response;
    /// Asserts that `token` may not approve `slug`'s working revision
    /// because of four eyes.
    async fn assert_four_eyes(&self, token: &str, slug: &str);
    /// POST a workflow step with the current ETag.
    async fn step(&self, token: &str, slug: &str, step: &str) -> Response;
    /// The public answer text of `slug`, or None when it is not public.
    async fn public_answer(&self, slug: &str) -> Option<String>;
}

impl StaffApi for TestApp {
    async fn get_json(&self, path: &str, token: Option<&str>) -> Value {
        let res = self.req(Method::GET, path, token).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.unwrap()
    }

    async fn faq(&self, slug: &str) -> (Value, u32) {
        let res = self
            .req(
                Method::GET,
                &format!("/v1/staff/faqs/{slug}"),
                Some(&self.editor),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let etag = etag(&res);
        (res.json().await.unwrap(), etag)
    }

    async fn edit(&self, token: &str, slug: &str, answer: &str) -> Response {
        let (faq, version) = self.faq(slug).await;
        let mut content = faq["working"]["faq"].clone();
        if content.is_null() {
            content = faq["published"]["faq"].clone();
        }
        content["answer"] = Value::String(self::answer(answer));
        self.req(Method::PUT, &format!("/v1/staff/faqs/{slug}"), Some(token))
            .header("If-Match", format!("\"{version}\""))
            .json(&serde_json::json!({"faq": content, "note": "test edit"}))
            .send()
            .await
            .unwrap()
    }

    async fn put_faq(&self, token: &str, slug: &str, version: u32, body: &Value) -> Response {
        self.req(Method::PUT, &format!("/v1/staff/faqs/{slug}"), Some(token))
            .header("If-Match", format!("\"{version}\""))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn create_faq(&self, body: &Value) -> Response {
        self.req(Method::POST, "/v1/staff/faqs", Some(&self.editor))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn assert_four_eyes(&self, token: &str, slug: &str) {
        let res = self.step(token, slug, "approve").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_code(res).await, "four_eyes");
    }

    async fn step(&self, token: &str, slug: &str, step: &str) -> Response {
        let (_, version) = self.faq(slug).await;
        self.req(
            Method::POST,
            &format!("/v1/staff/faqs/{slug}/{step}"),
            Some(token),
        )
        .header("If-Match", format!("\"{version}\""))
        .send()
        .await
        .unwrap()
    }

    async fn public_answer(&self, slug: &str) -> Option<String> {
        let res = self
            .req(Method::GET, &format!("/v1/faqs/{slug}"), None)
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::NOT_FOUND {
            return None;
        }
        let body: Value = res.json().await.unwrap();
        Some(body["answer"].as_str().unwrap().to_owned())
    }
}

/// A test answer that meets the editorial rules (60-180 words): `lead`,
/// then sample text that says so.
pub fn answer(lead: &str) -> String {
    format!(
        "{lead} This sample answer is placeholder text written for an automated test of the staff workflow. It explains nothing about treatment and must never be read as medical advice. A qualified provider at the clinic can answer questions about your own situation, your history and your options. Please talk with your care team before you decide anything about treatment, and ask them about anything that is unclear."
    )
}

pub fn etag(res: &Response) -> u32 {
    res.headers()
        .get("etag")
        .expect("ETag header")
        .to_str()
        .unwrap()
        .trim_matches('"')
        .parse()
        .unwrap()
}

pub async fn error_code(res: Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
