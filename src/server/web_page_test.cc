#include "server/web_page.h"

#include <gtest/gtest.h>

#include <regex>

namespace fiducia {
namespace {

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(WebPageTest, OneSelfContainedPageUnderAStrictPolicy) {
  const HttpResponse page = WebPage(false);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Count(page.body, "<script"), 1u);
  EXPECT_EQ(Count(page.body, "<style"), 1u);
  // Nothing from elsewhere: no URL, no src, no inline handler attribute.
  EXPECT_EQ(Count(page.body, "http://") + Count(page.body, "https://"), 0u);
  EXPECT_EQ(Count(page.body, " src="), 0u);
  EXPECT_FALSE(std::regex_search(page.body, std::regex(R"(<[^>]+\son[a-z]+=)")));
  // Customer text only through textContent: none of the HTML-parsing sinks is in the script.
  for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                           "eval(", "new Function"}) {
    EXPECT_EQ(Count(page.body, sink), 0u) << sink;
  }
  const std::string& csp = WebPageCsp();
  bool sent = false;
  for (const auto& [name, value] : page.headers)
    sent = sent || (name == "Content-Security-Policy" && value == csp);
  EXPECT_TRUE(sent);
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_TRUE(std::regex_search(csp, std::regex("script-src 'sha256-[A-Za-z0-9+/]{43}='")));
  EXPECT_TRUE(std::regex_search(csp, std::regex("style-src 'sha256-[A-Za-z0-9+/]{43}='")));
  EXPECT_NE(page.body.find(R"(content="open")"), std::string::npos);
  EXPECT_NE(WebPage(true).body.find(R"(content="required")"), std::string::npos);
  EXPECT_EQ(WebPageCsp(), WebPage(true).headers[0].second);  // the script is the same
  // Both languages.
  EXPECT_NE(page.body.find("In attesa di risposta"), std::string::npos);
  EXPECT_NE(page.body.find("Waiting for an answer"), std::string::npos);
}

}  // namespace
}  // namespace fiducia
