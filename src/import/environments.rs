//! A server's environment: `--env-by COLUMN`, else the `environment` column of `--servers`,
//! else the tokens of its name.

use super::{Server, Wanted};

/// Name tokens (split on `-`, `_`, `.`, any case) and the environment each gives.
pub(super) const TOKENS: &[(&str, &str)] = &[
    ("dev", "dev"),
    ("tst", "test"),
    ("test", "test"),
    ("uat", "uat"),
    ("qa", "qa"),
    ("stg", "staging"),
    ("stage", "staging"),
    ("staging", "staging"),
];

/// What a name without an environment token is.
pub(super) const PRODUCTION: &str = "prod";

/// The environment of a server; an empty column value falls back to the next rule.
pub(super) fn environment(server: &Server, wanted: &Wanted) -> String {
    wanted
        .env_by
        .as_ref()
        .and_then(|column| server.attrs.get(column))
        .or(server.environment.as_ref())
        .map(|value| value.trim().to_lowercase())
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| from_name(&server.name).to_string())
}

/// Only whole tokens count: `contest-web` and `SQLDEV02` are production.
pub(super) fn from_name(name: &str) -> &'static str {
    name.split(['-', '_', '.'])
        .find_map(|token| {
            let token = token.to_lowercase();
            TOKENS
                .iter()
                .find(|(t, _)| *t == token)
                .map(|(_, environment)| *environment)
        })
        .unwrap_or(PRODUCTION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_tokens_only() {
        assert_eq!(from_name("web-dev-01"), "dev");
        assert_eq!(from_name("APP_TST_2"), "test");
        assert_eq!(from_name("db01.uat.contoso.local"), "uat");
        assert_eq!(from_name("qa-web"), "qa");
        assert_eq!(from_name("sap-STG-01"), "staging");
        assert_eq!(from_name("stage-app"), "staging");
        assert_eq!(from_name("contest-web"), "prod");
        assert_eq!(from_name("SQLDEV02"), "prod");
        assert_eq!(from_name("web01"), "prod");
    }
}
