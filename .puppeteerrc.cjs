// whatsapp-web.js pulls puppeteer; we use Debian's chromium, never a downloaded one.
module.exports = { skipDownload: true };
