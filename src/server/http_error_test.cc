#include "server/http_error.h"

#include <gtest/gtest.h>

#include "server/service.h"

namespace fiducia {
namespace {

TEST(HttpErrorTest, DomainErrorsMapOntoHttp) {
  const HttpError invalid = Status::InvalidInput("bad as_of");
  EXPECT_EQ(invalid.http_status(), 400);
  EXPECT_EQ(invalid.code(), "invalid_input");
  EXPECT_EQ(invalid.message(), "bad as_of");
  EXPECT_EQ(HttpError(Status::Usage("x")).http_status(), 400);
  EXPECT_EQ(HttpError(Status::Usage("x")).code(), "bad_request");
  EXPECT_EQ(HttpError(Status::NotFound("x")).http_status(), 404);
  EXPECT_EQ(HttpError(Status::IoError("x")).http_status(), 503);
  EXPECT_EQ(HttpError(Status::IoError("x")).code(), "unavailable");
}

TEST(HttpErrorTest, RefusalsOnlyHttpHas) {
  EXPECT_EQ(HttpError::Unauthenticated("no token").http_status(), 401);
  EXPECT_EQ(HttpError::Unauthenticated("no token").code(), "unauthenticated");
  EXPECT_EQ(HttpError::Forbidden("viewer").http_status(), 403);
  EXPECT_EQ(HttpError::Forbidden("viewer").code(), "forbidden");
  EXPECT_EQ(HttpError::TooLarge("body").http_status(), 413);
  EXPECT_EQ(HttpError::HeadersTooLarge("headers").http_status(), 431);
  EXPECT_EQ(HttpError::RateLimited("slow down").http_status(), 429);
  EXPECT_EQ(HttpError::RateLimited("slow down").code(), "rate_limited");
}

TEST(HttpErrorTest, OneErrorShape) {
  const HttpResponse r = ErrorResponse(HttpError::RateLimited("retry in 2 s"));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"retry in 2 s\"}}\n");
  EXPECT_EQ(ErrorResponse(Status::NotFound("no GET /x")).status, 404);
}

}  // namespace
}  // namespace fiducia
