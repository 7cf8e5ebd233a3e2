package web_test

import "annals/internal/web"

func webConfigSelfPublish() web.Config { return web.Config{AllowSelfPublish: true} }
