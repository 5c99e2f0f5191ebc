//! GitHub's OAuth web flow, as the dashboard's "Sign in with GitHub" uses it:
//! the authorize page (which approves at once, as the user who is signed in
//! at the fake GitHub), the code-for-token exchange, and the two API reads a
//! user token may make (`GET /user`, the caller's organisation membership).
//! The first two are not REST API operations, so they are answered here and
//! not from the shared API description; the reads are checked against it.

use serde_json::{Value, json};

use super::openapi::spec;
use super::routes::{Ctx, Reply};
use super::state::State;
use super::util::percent_decode;

/// The App's OAuth client, as `add_manifest_code` hands it out.
pub const CLIENT_ID: &str = "Iv1.fake";
pub const CLIENT_SECRET: &str = "fake-client-secret";

/// What the fake knows about people: who is signed in at GitHub, the codes
/// and user tokens issued, and organisation members.
#[derive(Default)]
pub struct People {
    /// The login that approves an authorize request; `None`: the user denies it.
    pub signed_in: Option<String>,
    /// Code → login; each code works once.
    pub codes: std::collections::HashMap<String, String>,
    /// User token → login.
    pub tokens: std::collections::HashMap<String, String>,
    /// Organisation (lower case) → active member logins.
    pub members: std::collections::HashMap<String, Vec<String>>,
    issued: u64,
}

/// `GET /login/oauth/authorize` and `POST /login/oauth/access_token`.
pub fn web_flow(st: &mut State, method: &str, path: &str, query: &[(String, String)], body: &[u8]) -> Option<Reply> {
    let param = |pairs: &[(String, String)], name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    match (method, path) {
        ("GET", "/login/oauth/authorize") => {
            if param(query, "client_id").as_deref() != Some(CLIENT_ID) {
                st.violations.push(format!("authorize with an unknown client_id {:?}", param(query, "client_id")));
                return Some(Reply::error(404, "Not Found"));
            }
            let (Some(redirect), Some(state)) = (param(query, "redirect_uri"), param(query, "state")) else {
                st.violations.push("authorize without redirect_uri or state".into());
                return Some(Reply::error(400, "Bad Request"));
            };
            let location = match st.people.signed_in.clone() {
                Some(login) => {
                    st.people.issued += 1;
                    let code = format!("code{}", st.people.issued);
                    st.people.codes.insert(code.clone(), login);
                    format!("{redirect}?code={code}&state={state}")
                }
                None => format!("{redirect}?error=access_denied&error_description=The+user+has+denied+your+application+access.&state={state}"),
            };
            Some(Reply { status: 302, headers: vec![("location".into(), location)], body: None, violation: None })
        }
        ("POST", "/login/oauth/access_token") => {
            let form: Vec<(String, String)> = form_pairs(body);
            if param(&form, "client_id").as_deref() != Some(CLIENT_ID) || param(&form, "client_secret").as_deref() != Some(CLIENT_SECRET) {
                return Some(Reply::json(200, json!({"error": "incorrect_client_credentials", "error_description": "The client_id and/or client_secret passed are incorrect."})));
            }
            let Some(login) = param(&form, "code").and_then(|c| st.people.codes.remove(&c)) else {
                return Some(Reply::json(200, json!({"error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."})));
            };
            st.people.issued += 1;
            let token = format!("ghu_fake{}", st.people.issued);
            st.people.tokens.insert(token.clone(), login);
            Some(Reply::json(200, json!({"access_token": token, "token_type": "bearer", "scope": "read:org"})))
        }
        _ => None,
    }
}

fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body).split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (percent_decode(k, true), percent_decode(v, true))).collect()
}

/// The login a user token belongs to.
pub fn user_of(st: &State, authorization: Option<&str>) -> Option<String> {
    let token = authorization?.strip_prefix("Bearer ").or_else(|| authorization?.strip_prefix("token "))?;
    st.people.tokens.get(token).cloned()
}

/// `GET /user` with a user token.
pub fn authenticated_user(login: &str) -> Reply {
    let mut user: Value = spec().example("users/get-authenticated", "200", None);
    user["login"] = json!(login);
    Reply::json(200, user)
}

/// `GET /user/memberships/orgs/{org}` with a user token.
pub fn membership(st: &State, login: &str, ctx: &Ctx<'_>) -> Reply {
    let org = ctx.param("org");
    let member = st.people.members.get(&org.to_ascii_lowercase()).is_some_and(|m| m.iter().any(|l| l.eq_ignore_ascii_case(login)));
    if !member {
        return Reply::error(404, "Not Found");
    }
    let mut v = spec().example("orgs/get-membership-for-authenticated-user", "200", None);
    v["state"] = json!("active");
    v["role"] = json!("member");
    v["organization"]["login"] = json!(org);
    v["user"]["login"] = json!(login);
    Reply::json(200, v)
}
