//! The access token and the JS-SDK ticket shared by every app server, and the configs signed
//! with the ticket, against a fake of WeChat's API.

use std::sync::Arc;

use super::signature::sign;
use super::{AccessTokens, WeChatJs};
use crate::backend::crypto::Field;
use crate::backend::registration::tests::fields;
use crate::backend::store::testing::each_database;
use crate::backend::store::Store;
use crate::backend::testing::{self, FakeWeChatApi};
use crate::backend::{Backend, Error};

const PORTAL: &str = "https://sydj.example.cn";

/// One app server's access tokens, on the shared database.
fn tokens(s: &Backend, store: &Store, wx: &FakeWeChatApi) -> Arc<AccessTokens> {
    Arc::new(AccessTokens::new(store.clone(), s.auth.vault().clone(), "wx123", "s3cret", &wx.base).unwrap())
}

/// One app server's JS-SDK configs (its own access tokens, on the shared database).
fn server(s: &Backend, store: &Store, wx: &FakeWeChatApi) -> WeChatJs {
    WeChatJs::new(tokens(s, store, wx), PORTAL).unwrap()
}

/// Two app servers (two `AccessTokens` on one database) share one access token: asked at
/// once, WeChat is asked once; again only once it is due for renewal, or after WeChat
/// refused it.
#[tokio::test]
async fn every_server_shares_one_wechat_access_token() {
    each_database(|store| async move {
        let (s, _) = testing::backend(store.clone()).await;
        let wx = testing::fake_wechat_api().await;
        let t0 = testing::test_now().unix();
        let (one, two) = (tokens(&s, &store, &wx), tokens(&s, &store, &wx));
        let (a, b) = tokio::join!(one.get(t0), two.get(t0));
        assert_eq!((a.unwrap(), b.unwrap()), ("AT".to_owned(), "AT".to_owned()));
        for _ in 0..5 {
            assert_eq!(two.get(t0 + 60).await.unwrap(), "AT");
            assert_eq!(
                tokens(&s, &store, &wx).get(t0 + 60).await.unwrap(),
                "AT",
                "a server started later reads it too"
            );
        }
        assert_eq!(wx.tokens_fetched(), 1, "fetched once for every server");
        // Renewed five minutes before WeChat's 7200 s, once.
        let due = t0 + 7200 - 300;
        let (a, b) = tokio::join!(one.get(due), two.get(due));
        assert!(a.is_ok() && b.is_ok());
        assert_eq!(wx.tokens_fetched(), 2);
        // WeChat refused it (renewed elsewhere): the next use renews it.
        one.refused("AT").await;
        assert_eq!(one.get(due + 1).await.unwrap(), "AT");
        assert_eq!(wx.tokens_fetched(), 3);
    })
    .await;
}

/// Many configs from two app servers at once: WeChat is asked for one token and one ticket;
/// every signature is the ticket's; both are asked for again once due, once.
#[tokio::test]
async fn every_server_signs_with_one_ticket_fetched_once() {
    each_database(|store| async move {
        let (s, _) = testing::backend(store.clone()).await;
        let wx = testing::fake_wechat_api().await;
        let t0 = testing::test_now().unix();
        let (one, two) = (Arc::new(server(&s, &store, &wx)), Arc::new(server(&s, &store, &wx)));
        let page = format!("{PORTAL}/institutions?from=singlemessage&isappinstalled=0");
        let mut asked = tokio::task::JoinSet::new();
        for i in 0..10 {
            let js = if i % 2 == 0 { one.clone() } else { two.clone() };
            let page = page.clone();
            asked.spawn(async move { js.config(Some(page.as_str()), t0).await });
        }
        while let Some(config) = asked.join_next().await {
            let config = config.unwrap().unwrap();
            assert_eq!((config.app_id.as_str(), config.timestamp), ("wx123", t0));
            assert!(config.nonce_str.len() >= 16);
            assert_eq!(config.signature, sign("TICKET", &config.nonce_str, t0, &page));
        }
        let later = server(&s, &store, &wx)
            .config(Some(page.as_str()), t0 + 3600)
            .await
            .unwrap();
        assert_eq!(later.signature, sign("TICKET", &later.nonce_str, t0 + 3600, &page));
        assert_eq!(
            (wx.tokens_fetched(), wx.tickets_fetched()),
            (1, 1),
            "once for every server"
        );

        // Both renewed five minutes before WeChat's 7200 s, once.
        let due = t0 + 7200 - 300;
        let (a, b) = tokio::join!(
            one.config(Some(page.as_str()), due),
            two.config(Some(page.as_str()), due)
        );
        assert!(a.is_ok() && b.is_ok());
        assert_eq!((wx.tokens_fetched(), wx.tickets_fetched()), (2, 2));
    })
    .await;
}

/// The access token every server reads was voided at WeChat (another server renewed it
/// without the database, or it ended early): the ticket is asked for again with a renewed
/// token, once.
#[tokio::test]
async fn a_refused_access_token_is_renewed_and_the_ticket_asked_again() {
    each_database(|store| async move {
        let (s, _) = testing::backend(store.clone()).await;
        let wx = testing::fake_wechat_api().await;
        let t0 = testing::test_now().unix();
        assert!(store.take_credential_lease("wx123", "test", t0, t0 + 60).await.unwrap());
        let stale = s.auth.vault().seal(Field::WeChatCredential, "VOID");
        store
            .put_wechat_credential("wx123", "test", &stale, t0 + 7000)
            .await
            .unwrap();
        let page = format!("{PORTAL}/institutions");
        let config = server(&s, &store, &wx).config(Some(page.as_str()), t0).await.unwrap();
        assert_eq!(config.signature, sign("TICKET", &config.nonce_str, t0, &page));
        assert_eq!((wx.tokens_fetched(), wx.tickets_fetched()), (1, 2));
    })
    .await;
}

/// Only pages of the portal's origin are signed, as the browser tells origins apart; the
/// fragment is no part of the signature; nothing is asked of WeChat for a refused address.
#[tokio::test]
async fn only_the_portals_own_pages_are_signed() {
    each_database(|store| async move {
        let (s, _) = testing::backend(store.clone()).await;
        let wx = testing::fake_wechat_api().await;
        let t0 = testing::test_now().unix();
        let js = server(&s, &store, &wx);
        for refused in [
            None,
            Some(""),
            Some("  "),
            Some("/institutions"),
            Some("institutions"),
            Some("https://"),
            Some("https://evil.example/institutions"),
            Some("http://sydj.example.cn/institutions"),
            Some("https://sydj.example.cn:8443/institutions"),
            Some("https://sydj.example.cn.evil.example/"),
            Some("https://sydj.example.cn@evil.example/"),
            Some("javascript:alert(1)//https://sydj.example.cn/"),
        ] {
            let e = js.config(refused, t0).await.unwrap_err();
            assert_eq!(fields(e), ["url"], "{refused:?}");
        }
        assert_eq!((wx.tokens_fetched(), wx.tickets_fetched()), (0, 0));

        for own in [
            "https://sydj.example.cn",
            "https://SYDJ.example.cn:443/register/2?from=timeline",
        ] {
            let config = js.config(Some(own), t0).await.unwrap();
            assert_eq!(config.signature, sign("TICKET", &config.nonce_str, t0, own), "{own}");
        }
        let with_fragment = format!("{PORTAL}/register#step");
        let config = js.config(Some(with_fragment.as_str()), t0).await.unwrap();
        assert_eq!(
            config.signature,
            sign("TICKET", &config.nonce_str, t0, &format!("{PORTAL}/register")),
            "signed without the fragment"
        );
    })
    .await;
}

#[tokio::test]
async fn without_the_official_account_there_is_no_config() {
    each_database(|store| async move {
        let (s, _) = testing::backend(store.clone()).await;
        assert!(!s.wechat_configured());
        let page = format!("{PORTAL}/institutions");
        assert!(matches!(
            s.wechat_js_config(Some(page.as_str()), 0).await,
            Err(Error::NotFound)
        ));
        let wx = testing::fake_wechat_api().await;
        let js = server(&s, &store, &wx);
        let s = s.with_wechat_js(js);
        assert!(s.wechat_configured());
        assert!(s.wechat_js_config(Some(page.as_str()), 0).await.is_ok());
    })
    .await;
}
