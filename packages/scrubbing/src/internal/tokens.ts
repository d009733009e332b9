// Well-known token formats, each written from the vendor's published format (prefix, alphabet and
// length). Rule ids follow gitleaks' names where one exists (MIT); no pattern is copied from
// AGPL sources. Bodies have no capture groups: the scanner adds one group per format.
// Both engines (Node and browser) compile the same list. Ids and descriptions are comments here
// so they stay out of bundles; the ids, in the same order, are in `token-ids.ts` (tests, README).

/** Regex bodies of the token formats (ids in `TOKEN_IDS`, same order). */
export const TOKEN_SOURCES: readonly string[] = [
  // AWS access key id: AKIA/ASIA/ABIA/ACCA + 16 base32
  '(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}', // aws-access-key-id
  // Google API key: AIza + 35
  'AIza[0-9A-Za-z_-]{35}', // gcp-api-key
  // Google OAuth access token: ya29. + 20+
  'ya29\\.[0-9A-Za-z_-]{20,}', // google-oauth-token
  // GitHub classic PAT / OAuth / user / server / refresh token: gh[pousr]_ + 36+
  'gh[pousr]_[A-Za-z0-9]{36,255}', // github-token
  // GitHub fine-grained PAT: github_pat_ + 82
  'github_pat_[A-Za-z0-9_]{82}', // github-fine-grained-pat
  // GitLab tokens: glpat-, gldt-, glrt-, glptt-, glcbt-, glft-, glimt-, gloas-, glsoat-, glffct-, glagent- + 20+
  'gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat|ffct|agent)-[A-Za-z0-9_.-]{20,}', // gitlab-token
  // Slack bot/user/app-level tokens: xox[abposr]- + 10+
  'xox[abposr]-[A-Za-z0-9-]{10,250}', // slack-token
  // Slack app token: xapp-<n>- + 20+
  'xapp-\\d-[A-Za-z0-9-]{20,250}', // slack-app-token
  // Slack incoming webhook URL
  'https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,250}', // slack-webhook-url
  // Discord webhook URL
  'https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{5,30}/[A-Za-z0-9_-]{20,100}', // discord-webhook-url
  // Stripe secret / restricted key: sk_|rk_ + live|test|prod + 10+ (pk_ publishable keys are public and kept)
  '(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}', // stripe-secret-key
  // Stripe webhook signing secret: whsec_ + 24+
  'whsec_[A-Za-z0-9]{24,64}', // stripe-webhook-secret
  // Twilio API key SID: SK + 32 hex
  'SK[0-9a-f]{32}', // twilio-api-key
  // SendGrid API key: SG.<22>.<43>
  'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', // sendgrid-api-key
  // Mailgun API key: key- + 32 hex
  'key-[0-9a-f]{32}', // mailgun-api-key
  // Mailchimp API key: 32 hex + -us<dc>
  '[0-9a-f]{32}-us\\d{1,2}', // mailchimp-api-key
  // Brevo (Sendinblue) API key: xkeysib- + 64 hex + - + 16
  'xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}', // brevo-api-key
  // npm access token: npm_ + 36
  'npm_[A-Za-z0-9]{36}', // npm-token
  // PyPI upload token: pypi-AgEIcHlwaS5vcmc + 50+
  'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}', // pypi-token
  // RubyGems API key: rubygems_ + 48 hex
  'rubygems_[0-9a-f]{48}', // rubygems-api-key
  // NuGet API key: oy2 + 43
  'oy2[a-z0-9]{43}', // nuget-api-key
  // Docker Hub PAT: dckr_pat_ + 27+
  'dckr_pat_[A-Za-z0-9_-]{27,}', // docker-hub-pat
  // OpenAI key: sk-proj-/sk-svcacct-/sk-admin- + 40+, or legacy sk-<20>T3BlbkFJ<20>
  '(?:sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})', // openai-api-key
  // Anthropic key: sk-ant-api03-/sk-ant-admin01- + 80+
  'sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,}', // anthropic-api-key
  // Hugging Face token: hf_ + 34 letters
  'hf_[A-Za-z]{34}', // huggingface-token
  // Groq API key: gsk_ + 52
  'gsk_[A-Za-z0-9]{52}', // groq-api-key
  // xAI API key: xai- + 80
  'xai-[A-Za-z0-9]{80}', // xai-api-key
  // Sentry user auth token: sntryu_ + 64 hex
  'sntryu_[0-9a-f]{64}', // sentry-user-token
  // Sentry org auth token: sntrys_eyJ + 50+
  'sntrys_eyJ[A-Za-z0-9+/=_-]{50,}', // sentry-org-token
  // DigitalOcean token: dop_v1_/doo_v1_/dor_v1_ + 64 hex
  'do[opr]_v1_[0-9a-f]{64}', // digitalocean-token
  // Shopify token: shpat_/shpca_/shppa_/shpss_ + 32 hex
  'shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}', // shopify-token
  // Square token: sq0atp-/sq0csp- + 22-43
  'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}', // square-token
  // Linear API key: lin_api_ + 40
  'lin_api_[A-Za-z0-9]{40}', // linear-api-key
  // Notion integration token: secret_ + 43 or ntn_ + 11 digits + 35
  '(?:secret_[A-Za-z0-9]{43}|ntn_\\d{11}[A-Za-z0-9]{35})', // notion-token
  // Telegram bot token: <bot id>:A + 34
  '\\d{5,16}:A[A-Za-z0-9_-]{34}', // telegram-bot-token
  // Atlassian API token: ATATT3 + 50+
  'ATATT3[A-Za-z0-9_=-]{50,}', // atlassian-api-token
  // PlanetScale password/token: pscale_pw_/pscale_tkn_/pscale_oauth_ + 32-64
  'pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.-]{32,64}', // planetscale-token
  // Postman API key: PMAK-<24 hex>-<34 hex>
  'PMAK-[0-9a-f]{24}-[0-9a-f]{34}', // postman-api-key
  // Grafana service account token glsa_ or cloud token glc_
  '(?:glsa_[A-Za-z0-9]{32}_[0-9a-fA-F]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})', // grafana-token
  // New Relic user API key: NRAK- + 27
  'NRAK-[A-Z0-9]{27}', // new-relic-api-key
  // Doppler personal token: dp.pt. + 43
  'dp\\.pt\\.[A-Za-z0-9]{43}', // doppler-token
  // age secret key: AGE-SECRET-KEY-1 + 58 bech32
  'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', // age-secret-key
  // Microsoft Entra (Azure AD) client secret: 3 + digit + Q~ + 31-34
  '[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}', // azure-ad-client-secret
  // Databricks token: dapi + 32 hex
  'dapi[0-9a-f]{32}(?:-\\d)?', // databricks-token
  // Figma PAT: figd_ + 40
  'figd_[A-Za-z0-9_-]{40}', // figma-token
  // Pulumi access token: pul- + 40 hex
  'pul-[0-9a-f]{40}', // pulumi-token
  // Supabase PAT sbp_ + 40 hex, or secret key sb_secret_ + 20+
  '(?:sbp_[0-9a-f]{40}|sb_secret_[A-Za-z0-9_-]{20,})', // supabase-token
  // Mapbox secret token: sk.eyJ… . …
  'sk\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}', // mapbox-secret-token
  // HashiCorp Vault service/batch token: hvs./hvb. + 90+
  'hv[sb]\\.[A-Za-z0-9_-]{90,}', // vault-token
  // Terraform Cloud token: <14>.atlasv1.<60-70>
  '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}', // terraform-cloud-token
  // Meta (Facebook) access token: EAA + 90+
  'EAA[A-Za-z0-9]{90,}', // facebook-access-token
];

/**
 * One regex for all formats, anchored at word starts so mid-word positions are rejected by the
 * look-behind at once, which keeps the scan linear. Group i+1 is format i.
 */
export function buildTokenRegex(): RegExp {
  const body = TOKEN_SOURCES.map((source) => `(${source})`).join('|');
  return new RegExp(`(?<![A-Za-z0-9])(?:${body})(?![A-Za-z0-9])`, 'g');
}
