/**
 * User agents of crawlers, link previewers, AI scrapers and uptime checkers: requests no person
 * made, whose errors are noise for an error tracker (the `webCrawlers` inbound filter). Lower
 * case, matched as substrings; the list follows what the common crawlers announce themselves as.
 */

const CRAWLER_MARKS = [
  'googlebot',
  'adsbot-google',
  'mediapartners-google',
  'feedfetcher-google',
  'google-inspectiontool',
  'bingbot',
  'bingpreview',
  'msnbot',
  'slurp',
  'duckduckbot',
  'baiduspider',
  'yandexbot',
  'yandex.com/bots',
  'sogou',
  'exabot',
  'seznambot',
  'applebot',
  'petalbot',
  'bytespider',
  'ahrefsbot',
  'semrushbot',
  'mj12bot',
  'dotbot',
  'rogerbot',
  'screaming frog',
  'facebookexternalhit',
  'facebookcatalog',
  'twitterbot',
  'linkedinbot',
  'slackbot',
  'slack-imgproxy',
  'discordbot',
  'telegrambot',
  'whatsapp',
  'pinterestbot',
  'redditbot',
  'embedly',
  'ia_archiver',
  'archive.org_bot',
  'gptbot',
  'oai-searchbot',
  'chatgpt-user',
  'claudebot',
  'anthropic-ai',
  'ccbot',
  'perplexitybot',
  'amazonbot',
  'pingdom',
  'uptimerobot',
  'statuscake',
  'site24x7',
  'better uptime',
  'betterstack',
  'cloudflare-healthchecks',
  'elb-healthchecker',
  'gtmetrix',
  'chrome-lighthouse',
  'headlesschrome',
  'phantomjs',
  'hubspot crawler',
  'aws security scanner',
  'datadog synthetics',
  'newrelicpinger',
];

/** Generic self-descriptions: a word ending in "bot", "spider" or "crawler" before a version,
 * a space, a parenthesis or a semicolon ("AcmeBot/2.1", "some-spider;"). */
const GENERIC = /(?:bot|spider|crawler)(?:[/ );]|$)/;

/**
 * @param userAgent at most MAX_FILTERED_TEXT_CHARS of it, as the caller cut it
 * @example isWebCrawler('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)') // true
 */
export function isWebCrawler(userAgent: string): boolean {
  const ua = userAgent.toLowerCase();
  return CRAWLER_MARKS.some((mark) => ua.includes(mark)) || GENERIC.test(ua);
}
