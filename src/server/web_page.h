// The page `fiducia serve` answers at `/` (src/server/web_page.html, carried in the binary): the
// waiting list with live countdowns to each target, a customer's timeline across channels with
// its findings, and the reply coach on a draft as the agent types. No external asset; its one
// style and one script are allowed by hash in a Content-Security-Policy that forbids everything
// else. It asks for an API token when the server wants one and keeps it in sessionStorage.
#pragma once

#include <string>

#include "server/service.h"

namespace fiducia {

// `token_required`: the server wants an API token (one was issued), so the page asks for it first.
HttpResponse WebPage(bool token_required);
// The page's Content-Security-Policy header value.
const std::string& WebPageCsp();

}  // namespace fiducia
