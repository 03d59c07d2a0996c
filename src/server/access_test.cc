#include "server/access.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/time_text.h"
#include "server/service.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

TEST(AccessTest, TokensAreHashedAndRolesLimitWhatTheyMayDo) {
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(NewToken().size(), 64u);
  EXPECT_NE(NewToken(), NewToken());
  EXPECT_TRUE(Allows(Role::kViewer, "GET", "/v1/waiting"));
  EXPECT_FALSE(Allows(Role::kViewer, "POST", "/v1/events"));
  EXPECT_TRUE(Allows(Role::kAgent, "POST", "/v1/events"));
  EXPECT_EQ(ParseRole("agent"), Role::kAgent);
  EXPECT_EQ(ParseRole("root"), std::nullopt);
}

TEST(AccessTest, OnceATokenExistsEveryRequestNeedsOne) {
  const fs::path db = fs::temp_directory_path() / "fiducia-access-test.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  FakeClock clock(ParseRfc3339("2026-03-02T12:00:00+01:00")->at);
  auto store = OpenSqliteStore(db.string());
  ASSERT_TRUE(store.ok());
  EventStore& tokens = **store;
  Service service(ServeConfig{}, std::move(*store), clock, Lang::kEn);
  EXPECT_EQ(service.Handle({"GET", "/v1/waiting", "", ""}).status, 200);  // open until a token
  ASSERT_TRUE(tokens.AddToken(HashToken("viewer-secret"), "tv", "viewer", "default").ok());
  EXPECT_FALSE(
      tokens.AddToken(HashToken("other"), "tv", "viewer", "default").ok());  // names are unique
  const HttpResponse none = service.Handle({"GET", "/v1/waiting", "", ""});
  EXPECT_EQ(none.status, 401);
  EXPECT_NE(none.body.find("\"code\":\"unauthenticated\""), std::string::npos) << none.body;
  EXPECT_EQ(service.Handle({"GET", "/v1/waiting", "", "Bearer wrong"}).status, 401);
  EXPECT_EQ(service.Handle({"GET", "/v1/waiting", "", "Bearer viewer-secret"}).status, 200);
  const HttpResponse denied = service.Handle({"POST", "/v1/events", "{}", "Bearer viewer-secret"});
  EXPECT_EQ(denied.status, 403);
  EXPECT_NE(denied.body.find("\"code\":\"forbidden\""), std::string::npos);
  EXPECT_EQ(service.Handle({"GET", "/healthz", "", ""}).status, 200);  // probes stay open
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

}  // namespace
}  // namespace fiducia
