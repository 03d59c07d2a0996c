#include "server/web_page.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <string_view>

#include "server/signatures.h"

namespace fiducia {

extern const char kWebPageHtml[];

namespace {

// 'sha256-…' of what lies between `open` and `close` in the page: the one style or script.
std::string HashOf(std::string_view page, std::string_view open, std::string_view close) {
  const size_t start = page.find(open);
  const size_t end = page.find(close, start);
  if (start == std::string_view::npos || end == std::string_view::npos) return "'none'";
  const std::string_view content = page.substr(start + open.size(), end - start - open.size());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(content.data(), content.size(), digest, &length, EVP_sha256(), nullptr);
  return fmt::format("'sha256-{}'",
                     Base64(std::string_view(reinterpret_cast<const char*>(digest), length)));
}

}  // namespace

const std::string& WebPageCsp() {
  static const std::string kCsp = [] {
    const std::string_view page = kWebPageHtml;
    return fmt::format(
        "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        HashOf(page, "<script>", "</script>"), HashOf(page, "<style>", "</style>"));
  }();
  return kCsp;
}

HttpResponse WebPage(bool token_required) {
  std::string page = kWebPageHtml;
  constexpr std::string_view kOpen = R"(<meta name="fiducia-token" content="open">)";
  if (const size_t at = page.find(kOpen); token_required && at != std::string::npos) {
    page.replace(at, kOpen.size(), R"(<meta name="fiducia-token" content="required">)");
  }
  return {200,
          "text/html; charset=utf-8",
          std::move(page),
          {{"Content-Security-Policy", WebPageCsp()},
           {"X-Content-Type-Options", "nosniff"},
           {"Referrer-Policy", "no-referrer"},
           {"Cache-Control", "no-store"}}};
}

}  // namespace fiducia
