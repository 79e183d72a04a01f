//! WeChat's jsapi_ticket (`GET {api}/cgi-bin/ticket/getticket?access_token=…&type=jsapi`): what
//! JS-SDK configs are signed with (`signature`). WeChat lets an account ask for it only so
//! often, so every app server shares one, kept like the access token (see `credential`).

use std::sync::Arc;

use super::access_token::{refuses_token, AccessTokens};
use super::credential::SharedCredential;
use crate::backend::outbound::json_answer;

pub struct JsapiTickets {
    tokens: Arc<AccessTokens>,
    shared: SharedCredential,
}

#[derive(serde::Deserialize)]
struct Answer {
    ticket: Option<String>,
    expires_in: Option<u64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

/// What asking for a ticket with one access token came to.
enum Asked {
    Ticket(String, u64),
    /// WeChat refused the access token.
    TokenRefused,
}

impl JsapiTickets {
    /// The tickets of the account whose access tokens `tokens` keeps; the ticket's row is
    /// `{app_id}#jsapi` beside the token's.
    pub fn new(tokens: Arc<AccessTokens>) -> JsapiTickets {
        let shared = tokens.sibling(format!("{}#jsapi", tokens.app_id()), "WeChat jsapi_ticket");
        JsapiTickets { tokens, shared }
    }

    /// A ticket valid at `now` (see `SharedCredential::get`).
    pub async fn get(&self, now: i64) -> Result<String, String> {
        self.shared.get(now, || self.fetch(now)).await
    }

    /// A new ticket; when WeChat refuses the access token (renewed elsewhere, or void early),
    /// once more with a renewed one.
    async fn fetch(&self, now: i64) -> Result<(String, u64), String> {
        let token = self.tokens.get(now).await?;
        if let Asked::Ticket(ticket, expires_in) = self.ask(&token).await? {
            return Ok((ticket, expires_in));
        }
        self.tokens.refused(&token).await;
        let token = self.tokens.get(now).await?;
        match self.ask(&token).await? {
            Asked::Ticket(ticket, expires_in) => Ok((ticket, expires_in)),
            Asked::TokenRefused => Err("WeChat jsapi_ticket: a renewed access token was refused too".into()),
        }
    }

    async fn ask(&self, token: &str) -> Result<Asked, String> {
        let request = self
            .tokens
            .client()
            .get(format!("{}/cgi-bin/ticket/getticket", self.tokens.api_base()))
            .query(&[("access_token", token), ("type", "jsapi")]);
        let answer: Answer = json_answer(request, "WeChat jsapi_ticket").await?;
        match (answer.errcode.unwrap_or(0), answer.ticket) {
            (0, Some(ticket)) => Ok(Asked::Ticket(ticket, answer.expires_in.unwrap_or(7200))),
            (code, _) if refuses_token(code) => Ok(Asked::TokenRefused),
            (code, _) => Err(format!(
                "WeChat jsapi_ticket: {code} {}",
                answer.errmsg.unwrap_or_default()
            )),
        }
    }
}
