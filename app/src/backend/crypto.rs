//! Personal data at rest: 证件号码, stated dates of birth and phone numbers are stored
//! encrypted (AES-256-GCM, the key id stored with each value so keys can rotate) beside a keyed
//! hash (HMAC-SHA-256) for exact lookup. Keys come from the environment (see README).

use std::collections::HashMap;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// What a stored value is: bound into the encryption (so values cannot be swapped between
/// columns) and into the lookup hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Phone,
    IdNumber,
    ClientAddress,
    LoginCode,
    /// An account id at another identity provider (a WeChat openid).
    ExternalSubject,
    /// The answers of a registration draft or application (names, phones, addresses).
    Registration,
    /// A WeChat credential kept for every app server: the access token, the JS-SDK ticket.
    WeChatCredential,
    /// The greeting of a notice waiting to be sent (张女士).
    Greeting,
    /// The date of birth stated with a document whose number carries none (港澳台 passes).
    BirthDate,
    /// The particulars of an ending (注销): the 就业登记's employer, how staff verified it.
    Ending,
}

impl Field {
    fn label(self) -> &'static [u8] {
        match self {
            Field::Phone => b"phone",
            Field::IdNumber => b"id-number",
            Field::ClientAddress => b"client-address",
            Field::LoginCode => b"login-code",
            Field::ExternalSubject => b"external-subject",
            Field::Registration => b"registration",
            // Named when the access token was the only one: tokens sealed since still open.
            Field::WeChatCredential => b"access-token",
            Field::Greeting => b"greeting",
            Field::BirthDate => b"birth-date",
            Field::Ending => b"ending",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultError {
    #[error("key configuration: {0}")]
    Config(String),
    #[error("stored value cannot be decrypted (unknown key id or damaged)")]
    Undecryptable,
}

pub struct Vault {
    current: String,
    keys: HashMap<String, Aes256Gcm>,
    lookup_key: Vec<u8>,
}

impl Vault {
    /// `data_keys`: `id:BASE64,id:BASE64,…` (32-byte keys; the first encrypts new values, all
    /// decrypt). `lookup_key`: BASE64 of at least 32 bytes.
    pub fn new(data_keys: &str, lookup_key: &str) -> Result<Vault, VaultError> {
        let mut keys = HashMap::new();
        let mut current = None;
        for entry in data_keys.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (id, key) = entry
                .split_once(':')
                .ok_or_else(|| VaultError::Config("每个密钥写作 编号:BASE64".into()))?;
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(VaultError::Config(format!("密钥编号只能是字母和数字：{id:?}")));
            }
            let bytes = STANDARD
                .decode(key)
                .map_err(|_| VaultError::Config(format!("密钥 {id} 不是 BASE64")))?;
            let cipher = Aes256Gcm::new_from_slice(&bytes)
                .map_err(|_| VaultError::Config(format!("密钥 {id} 应为32字节（AES-256）")))?;
            current.get_or_insert_with(|| id.to_owned());
            keys.insert(id.to_owned(), cipher);
        }
        let current = current.ok_or_else(|| VaultError::Config("至少需要一个数据密钥".into()))?;
        let lookup_key = STANDARD
            .decode(lookup_key.trim())
            .map_err(|_| VaultError::Config("查询密钥不是 BASE64".into()))?;
        if lookup_key.len() < 32 {
            return Err(VaultError::Config("查询密钥至少32字节".into()));
        }
        Ok(Vault {
            current,
            keys,
            lookup_key,
        })
    }

    /// What every value sealed with the current key starts with (`keyid.`): key rotation finds
    /// the values an older key sealed by this alone, without opening them.
    pub fn current_prefix(&self) -> String {
        format!("{}.", self.current)
    }

    /// `keyid.BASE64(nonce ‖ ciphertext)`.
    pub fn seal(&self, field: Field, plaintext: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let cipher = &self.keys[&self.current];
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: field.label(),
                },
            )
            .expect("AES-GCM encryption of a short value cannot fail");
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&sealed);
        format!("{}.{}", self.current, STANDARD.encode(blob))
    }

    pub fn open(&self, field: Field, stored: &str) -> Result<String, VaultError> {
        let (id, blob) = stored.split_once('.').ok_or(VaultError::Undecryptable)?;
        let cipher = self.keys.get(id).ok_or(VaultError::Undecryptable)?;
        let blob = STANDARD.decode(blob).map_err(|_| VaultError::Undecryptable)?;
        if blob.len() < 12 {
            return Err(VaultError::Undecryptable);
        }
        let (nonce, sealed) = blob.split_at(12);
        let plain = cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: field.label(),
                },
            )
            .map_err(|_| VaultError::Undecryptable)?;
        String::from_utf8(plain).map_err(|_| VaultError::Undecryptable)
    }

    /// The keyed hash for exact lookup (hex): equal inputs give equal hashes, and without the
    /// key nobody can test a guessed number against the table.
    pub fn lookup_hash(&self, field: Field, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.lookup_key).expect("any key length");
        mac.update(field.label());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// Whether `value` is the one whose lookup hash is `hash`, in constant time.
    pub fn matches(&self, field: Field, value: &str, hash: &str) -> bool {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.lookup_key).expect("any key length");
        mac.update(field.label());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        let Ok(expected) = decode_hex(hash) else {
            return false;
        };
        mac.verify_slice(&expected).is_ok()
    }
}

/// Keys for development and demos only: they are in this source file, so anything they
/// protect is public. The server refuses them with PORTAL_ENV=production.
pub fn development_vault() -> Vault {
    Vault::new(
        "dev:ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcmVhbC1kYXQ=",
        "ZGV2ZWxvcG1lbnQtbG9va3VwLWtleS1ub3QtZm9yLXJlYWwtZGF0YQ==",
    )
    .expect("development keys")
}

/// A new random token (cookies, challenges): 32 bytes, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A 6-digit one-time code from the operating system's CSPRNG, uniform (no modulo bias).
pub fn random_code() -> String {
    let mut rng = rand::rng();
    loop {
        let n = rng.next_u32();
        // 4_294_000_000 is the largest multiple of 1_000_000 below 2^32.
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// SHA-256 (hex) of a session token: the table never holds a usable cookie.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_hex(s: &str) -> Result<Vec<u8>, ()> {
    if !s.len().is_multiple_of(2) {
        return Err(());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|_| ()))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Keys for tests only.
    pub fn test_vault() -> Vault {
        Vault::new(
            &format!("k2:{},k1:{}", STANDARD.encode([2u8; 32]), STANDARD.encode([1u8; 32])),
            &STANDARD.encode([9u8; 32]),
        )
        .unwrap()
    }

    #[test]
    fn seals_and_opens_with_the_key_id() {
        let v = test_vault();
        let sealed = v.seal(Field::Phone, "13812345678");
        assert!(sealed.starts_with("k2."), "the first key encrypts");
        assert!(sealed.starts_with(&v.current_prefix()));
        assert!(!sealed.contains("13812345678"));
        assert_ne!(sealed, v.seal(Field::Phone, "13812345678"), "a fresh nonce each time");
        assert_eq!(v.open(Field::Phone, &sealed).unwrap(), "13812345678");
        // Bound to its column.
        assert_eq!(v.open(Field::IdNumber, &sealed), Err(VaultError::Undecryptable));
    }

    #[test]
    fn old_keys_still_open_after_rotation() {
        let old = Vault::new(
            &format!("k1:{}", STANDARD.encode([1u8; 32])),
            &STANDARD.encode([9u8; 32]),
        )
        .unwrap();
        let sealed = old.seal(Field::Phone, "13812345678");
        assert_eq!(test_vault().open(Field::Phone, &sealed).unwrap(), "13812345678");
        let retired = Vault::new(
            &format!("k3:{}", STANDARD.encode([3u8; 32])),
            &STANDARD.encode([9u8; 32]),
        )
        .unwrap();
        assert_eq!(retired.open(Field::Phone, &sealed), Err(VaultError::Undecryptable));
        for damaged in ["", "k1", "k1.", "k1.!!!", "zz.AAAA"] {
            assert_eq!(
                old.open(Field::Phone, damaged),
                Err(VaultError::Undecryptable),
                "{damaged}"
            );
        }
    }

    #[test]
    fn lookup_hashes_are_keyed_and_per_field() {
        let v = test_vault();
        let h = v.lookup_hash(Field::Phone, "13812345678");
        assert_eq!(h.len(), 64);
        assert_eq!(h, v.lookup_hash(Field::Phone, "13812345678"));
        assert_ne!(h, v.lookup_hash(Field::IdNumber, "13812345678"));
        assert!(v.matches(Field::Phone, "13812345678", &h));
        assert!(!v.matches(Field::Phone, "13812345679", &h));
        assert!(!v.matches(Field::Phone, "13812345678", "zz"));
    }

    #[test]
    fn bad_key_configuration_is_explained() {
        assert!(Vault::new("", &STANDARD.encode([9u8; 32])).is_err());
        assert!(Vault::new("k1:short", &STANDARD.encode([9u8; 32])).is_err());
        assert!(Vault::new(
            &format!("k1:{}", STANDARD.encode([1u8; 16])),
            &STANDARD.encode([9u8; 32])
        )
        .is_err());
        assert!(Vault::new(
            &format!("k1:{}", STANDARD.encode([1u8; 32])),
            &STANDARD.encode([9u8; 8])
        )
        .is_err());
    }

    #[test]
    fn the_development_keys_work() {
        let v = development_vault();
        assert_eq!(v.open(Field::Phone, &v.seal(Field::Phone, "x")).unwrap(), "x");
    }

    #[test]
    fn codes_are_six_digits_and_tokens_unguessable() {
        for _ in 0..1000 {
            let c = random_code();
            assert!(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()));
        }
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 43);
    }
}
