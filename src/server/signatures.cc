#include "server/signatures.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace fiducia {
namespace {

std::string Mac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view data) {
  return Mac(EVP_sha256(), key, data);
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  return Mac(EVP_sha1(), key, data);
}

std::string Hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool SameBytes(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool WhatsappSignatureValid(std::string_view app_secret, std::string_view body,
                            std::string_view header) {
  constexpr std::string_view kPrefix = "sha256=";
  if (app_secret.empty() || !header.starts_with(kPrefix)) return false;
  std::string sent(header.substr(kPrefix.size()));
  for (char& c : sent) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
  return SameBytes(Hex(HmacSha256(app_secret, body)), sent);
}

std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params) {
  std::string data(url);
  std::sort(params.begin(), params.end());  // by name, a repeated name's values in order
  for (const auto& [name, value] : params) data += name + value;
  return Base64(HmacSha1(auth_token, data));
}

std::string ZendeskSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body) {
  std::string data(timestamp);
  data += body;
  return Base64(HmacSha256(secret, data));
}

}  // namespace fiducia
