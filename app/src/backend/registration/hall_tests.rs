//! 大厅协助办理: a registration started by staff at the hall for the person present, who reads
//! out the code sent to their own phone; recorded as made at the hall with that staff member.

use super::tests::{backend, complete, req, staff_at, COMMUNITY, T0, TODAY};
use crate::backend::store::testing::each_database;
use crate::backend::Error;
use crate::domain::phone::Phone;

#[tokio::test]
async fn a_registration_made_at_the_hall_keeps_the_staff_member_who_helped() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let clerk = staff_at(&s, "hall.clerk", COMMUNITY).await;
        let phone = Phone::parse("13812345678").unwrap();

        // The code goes to the person's phone, saying it is for the hall; a wrong one, or the
        // right one in another staff member's hands, opens nothing.
        let sent = s.auth.send_code_at_hall(&clerk, &phone, T0).await.unwrap();
        let text = sms.last_to(&phone).unwrap();
        assert!(
            text.contains("服务大厅办理失业登记") && text.contains("工作人员"),
            "{text}"
        );
        let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert!(matches!(
            s.auth
                .verify_at_hall(&clerk, &sent.challenge, wrong, "10.0.0.9", T0 + 1)
                .await,
            Err(Error::Invalid(_))
        ));
        let other_clerk = staff_at(&s, "other.clerk", COMMUNITY).await;
        assert!(matches!(
            s.auth
                .verify_at_hall(&other_clerk, &sent.challenge, &code, "10.0.0.9", T0 + 1)
                .await,
            Err(Error::Invalid(_))
        ));
        assert!(
            matches!(
                s.auth.verify(&sent.challenge, &code, T0 + 1).await,
                Err(Error::Invalid(_))
            ),
            "not a sign-in code"
        );
        let signed = s
            .auth
            .verify_at_hall(&clerk, &sent.challenge, &code, "10.0.0.9", T0 + 2)
            .await
            .unwrap();
        let me = s.auth.session(&signed.token, T0 + 3).await.unwrap().unwrap();
        assert_eq!(me.assisted_by.as_deref(), Some(clerk.staff_id.as_str()));
        s.auth
            .state_identity(&me.person_id, "resident_id", "430104199005010016", None, TODAY, T0)
            .await
            .unwrap();
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        let mine = r
            .submit(&me, &req("hall-1", true, "张三"), TODAY, T0 + 4)
            .await
            .unwrap();
        assert!(mine.made_at_hall);
        assert_eq!(mine.events[0].what, "您在服务大厅由工作人员协助提交了失业登记申请");

        let detail = r
            .staff_detail(&clerk, &mine.reference, "审核申请", TODAY, "c", T0 + 5)
            .await
            .unwrap();
        assert_eq!(detail.channel, "服务大厅协助办理（工作人员 hall.clerk）");
        let audit = s.store.recent_audit(10).await.unwrap();
        assert!(
            audit.iter().any(|(who, action, subject, _)| {
                who == "hall.clerk" && action == "assist_at_hall" && subject == "138****5678"
            }),
            "{audit:?}"
        );

        // Signed in by the person themselves later, the same registration shows; a new
        // session of their own is not a hall session.
        let again = s.auth.send_code(&phone, "10.0.0.1", T0 + 100).await.unwrap();
        let text = sms.last_to(&phone).unwrap();
        let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
        let own = s.auth.verify(&again.challenge, &code, T0 + 101).await.unwrap();
        let own = s.auth.session(&own.token, T0 + 102).await.unwrap().unwrap();
        assert_eq!((own.person_id.as_str(), own.assisted_by), (me.person_id.as_str(), None));
    })
    .await;
}

#[tokio::test]
async fn an_online_registration_says_so_to_staff() {
    each_database(|store| async move {
        let (s, sms) = backend(store).await;
        let r = &s.registrations;
        let clerk = staff_at(&s, "clerk", COMMUNITY).await;
        let me = super::tests::person(&s, &sms, "13812345678", "43010419900501001").await;
        r.update_draft(&me, &complete(), TODAY, T0).await.unwrap();
        let mine = r.submit(&me, &req("k", true, "张三"), TODAY, T0).await.unwrap();
        assert!(!mine.made_at_hall);
        assert_eq!(mine.events[0].what, "您提交了失业登记申请");
        let detail = r
            .staff_detail(&clerk, &mine.reference, "审核申请", TODAY, "c", T0)
            .await
            .unwrap();
        assert_eq!(detail.channel, "网上申请");
    })
    .await;
}
