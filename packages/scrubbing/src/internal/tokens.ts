// Well-known token formats, each written from the vendor's published format (prefix, alphabet and
// length). Rule ids follow gitleaks' names where one exists (MIT); no pattern is copied from
// AGPL sources. Bodies have no capture groups: the scanner adds one group per format.

/** One token format: [id, regex body]. Descriptions are comments so they stay out of bundles. */
export type TokenFormat = readonly [id: string, source: string];

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  // AWS access key id: AKIA/ASIA/ABIA/ACCA + 16 base32
  ['aws-access-key-id', '(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}'],
  // Google API key: AIza + 35
  ['gcp-api-key', 'AIza[0-9A-Za-z_-]{35}'],
  // Google OAuth access token: ya29. + 20+
  ['google-oauth-token', 'ya29\\.[0-9A-Za-z_-]{20,}'],
  // GitHub classic PAT / OAuth / user / server / refresh token: gh[pousr]_ + 36+
  ['github-token', 'gh[pousr]_[A-Za-z0-9]{36,255}'],
  // GitHub fine-grained PAT: github_pat_ + 82
  ['github-fine-grained-pat', 'github_pat_[A-Za-z0-9_]{82}'],
  // GitLab tokens: glpat-, gldt-, glrt-, glptt-, glcbt-, glft-, glimt-, gloas-, glsoat-, glffct-, glagent- + 20+
  ['gitlab-token', 'gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat|ffct|agent)-[A-Za-z0-9_.-]{20,}'],
  // Slack bot/user/app-level tokens: xox[abposr]- + 10+
  ['slack-token', 'xox[abposr]-[A-Za-z0-9-]{10,250}'],
  // Slack app token: xapp-<n>- + 20+
  ['slack-app-token', 'xapp-\\d-[A-Za-z0-9-]{20,250}'],
  // Slack incoming webhook URL
  ['slack-webhook-url', 'https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,250}'],
  // Discord webhook URL
  ['discord-webhook-url', 'https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{5,30}/[A-Za-z0-9_-]{20,100}'],
  // Stripe secret / restricted key: sk_|rk_ + live|test|prod + 10+ (pk_ publishable keys are public and kept)
  ['stripe-secret-key', '(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}'],
  // Stripe webhook signing secret: whsec_ + 24+
  ['stripe-webhook-secret', 'whsec_[A-Za-z0-9]{24,64}'],
  // Twilio API key SID: SK + 32 hex
  ['twilio-api-key', 'SK[0-9a-f]{32}'],
  // SendGrid API key: SG.<22>.<43>
  ['sendgrid-api-key', 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'],
  // Mailgun API key: key- + 32 hex
  ['mailgun-api-key', 'key-[0-9a-f]{32}'],
  // Mailchimp API key: 32 hex + -us<dc>
  ['mailchimp-api-key', '[0-9a-f]{32}-us\\d{1,2}'],
  // Brevo (Sendinblue) API key: xkeysib- + 64 hex + - + 16
  ['brevo-api-key', 'xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}'],
  // npm access token: npm_ + 36
  ['npm-token', 'npm_[A-Za-z0-9]{36}'],
  // PyPI upload token: pypi-AgEIcHlwaS5vcmc + 50+
  ['pypi-token', 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}'],
  // RubyGems API key: rubygems_ + 48 hex
  ['rubygems-api-key', 'rubygems_[0-9a-f]{48}'],
  // NuGet API key: oy2 + 43
  ['nuget-api-key', 'oy2[a-z0-9]{43}'],
  // Docker Hub PAT: dckr_pat_ + 27+
  ['docker-hub-pat', 'dckr_pat_[A-Za-z0-9_-]{27,}'],
  // OpenAI key: sk-proj-/sk-svcacct-/sk-admin- + 40+, or legacy sk-<20>T3BlbkFJ<20>
  ['openai-api-key', '(?:sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})'],
  // Anthropic key: sk-ant-api03-/sk-ant-admin01- + 80+
  ['anthropic-api-key', 'sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,}'],
  // Hugging Face token: hf_ + 34 letters
  ['huggingface-token', 'hf_[A-Za-z]{34}'],
  // Groq API key: gsk_ + 52
  ['groq-api-key', 'gsk_[A-Za-z0-9]{52}'],
  // xAI API key: xai- + 80
  ['xai-api-key', 'xai-[A-Za-z0-9]{80}'],
  // Sentry user auth token: sntryu_ + 64 hex
  ['sentry-user-token', 'sntryu_[0-9a-f]{64}'],
  // Sentry org auth token: sntrys_eyJ + 50+
  ['sentry-org-token', 'sntrys_eyJ[A-Za-z0-9+/=_-]{50,}'],
  // DigitalOcean token: dop_v1_/doo_v1_/dor_v1_ + 64 hex
  ['digitalocean-token', 'do[opr]_v1_[0-9a-f]{64}'],
  // Shopify token: shpat_/shpca_/shppa_/shpss_ + 32 hex
  ['shopify-token', 'shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}'],
  // Square token: sq0atp-/sq0csp- + 22-43
  ['square-token', 'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}'],
  // Linear API key: lin_api_ + 40
  ['linear-api-key', 'lin_api_[A-Za-z0-9]{40}'],
  // Notion integration token: secret_ + 43 or ntn_ + 11 digits + 35
  ['notion-token', '(?:secret_[A-Za-z0-9]{43}|ntn_\\d{11}[A-Za-z0-9]{35})'],
  // Telegram bot token: <bot id>:A + 34
  ['telegram-bot-token', '\\d{5,16}:A[A-Za-z0-9_-]{34}'],
  // Atlassian API token: ATATT3 + 50+
  ['atlassian-api-token', 'ATATT3[A-Za-z0-9_=-]{50,}'],
  // PlanetScale password/token: pscale_pw_/pscale_tkn_/pscale_oauth_ + 32-64
  ['planetscale-token', 'pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.-]{32,64}'],
  // Postman API key: PMAK-<24 hex>-<34 hex>
  ['postman-api-key', 'PMAK-[0-9a-f]{24}-[0-9a-f]{34}'],
  // Grafana service account token glsa_ or cloud token glc_
  ['grafana-token', '(?:glsa_[A-Za-z0-9]{32}_[0-9a-fA-F]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})'],
  // New Relic user API key: NRAK- + 27
  ['new-relic-api-key', 'NRAK-[A-Z0-9]{27}'],
  // Doppler personal token: dp.pt. + 43
  ['doppler-token', 'dp\\.pt\\.[A-Za-z0-9]{43}'],
  // age secret key: AGE-SECRET-KEY-1 + 58 bech32
  ['age-secret-key', 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'],
  // Microsoft Entra (Azure AD) client secret: 3 + digit + Q~ + 31-34
  ['azure-ad-client-secret', '[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}'],
  // Databricks token: dapi + 32 hex
  ['databricks-token', 'dapi[0-9a-f]{32}(?:-\\d)?'],
  // Figma PAT: figd_ + 40
  ['figma-token', 'figd_[A-Za-z0-9_-]{40}'],
  // Pulumi access token: pul- + 40 hex
  ['pulumi-token', 'pul-[0-9a-f]{40}'],
  // Supabase PAT sbp_ + 40 hex, or secret key sb_secret_ + 20+
  ['supabase-token', '(?:sbp_[0-9a-f]{40}|sb_secret_[A-Za-z0-9_-]{20,})'],
  // Mapbox secret token: sk.eyJ… . …
  ['mapbox-secret-token', 'sk\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}'],
  // HashiCorp Vault service/batch token: hvs./hvb. + 90+
  ['vault-token', 'hv[sb]\\.[A-Za-z0-9_-]{90,}'],
  // Terraform Cloud token: <14>.atlasv1.<60-70>
  ['terraform-cloud-token', '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}'],
  // Meta (Facebook) access token: EAA + 90+
  ['facebook-access-token', 'EAA[A-Za-z0-9]{90,}'],
];

/**
 * One regex for all formats, anchored at word starts so mid-word positions are rejected by the
 * look-behind at once, which keeps the scan linear. Group i+1 is format i.
 */
export function buildTokenRegex(): RegExp {
  const body = TOKEN_FORMATS.map(([, source]) => `(${source})`).join('|');
  return new RegExp(`(?<![A-Za-z0-9])(?:${body})(?![A-Za-z0-9])`, 'g');
}
