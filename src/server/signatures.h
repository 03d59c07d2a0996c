// The signatures webhook sources put on their requests, checked in constant time: WhatsApp Cloud
// API (hex HMAC-SHA256 of the raw body), Twilio (base64 HMAC-SHA1 of the URL and the sorted form
// parameters) and Zendesk (base64 HMAC-SHA256 of the timestamp and the body).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fiducia {

std::string HmacSha256(std::string_view key, std::string_view data);  // raw digest bytes
std::string HmacSha1(std::string_view key, std::string_view data);
std::string Hex(std::string_view bytes);     // lower-case
std::string Base64(std::string_view bytes);  // standard alphabet, padded

// Equal bytes, in time that depends only on the lengths.
bool SameBytes(std::string_view a, std::string_view b);

// X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256(app secret, raw body).
bool WhatsappSignatureValid(std::string_view app_secret, std::string_view body,
                            std::string_view header);
// X-Twilio-Signature: base64 HMAC-SHA1(auth token, url + each form parameter's name and value in
// name order, a repeated name's values in order). `params` are the decoded form parameters of a
// POST.
std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            std::vector<std::pair<std::string, std::string>> params);
// X-Zendesk-Webhook-Signature: base64 HMAC-SHA256(secret, timestamp + body).
std::string ZendeskSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body);

}  // namespace fiducia
