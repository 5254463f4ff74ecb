# Every command a contributor needs. `make help` lists them.
.PHONY: help run demo test test-postgres browser-test crash-test release ci clean

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

run: ## Serve the web app on SQLite with the demo workspace (http://127.0.0.1:8080)
	swift run tandem serve --demo

demo: ## Load the demo workspace into ./data without serving
	swift run tandem demo

test: ## Run the test suite (SQLite; add TEST_DATABASE_URL for PostgreSQL too)
	swift test

test-postgres: ## Start a local PostgreSQL (Debian package) and run the suite on both engines
	TEST_DATABASE_URL="$$(scripts/start-test-postgres.sh)?sslmode=disable" swift test

browser-test: ## Drive the demo in headless chromium (needs chromium, chromium-driver, selenium)
	swift build && scripts/browser-tests.sh

crash-test: ## kill -9 the server mid-import and migrate mid-way, restart, check every row is stored once
	swift build && scripts/crash-smoke.sh

release: ## Optimised build of the tandem binary
	swift build -c release

ci: ## What CI runs
	bash .ci/run

clean:
	rm -rf .build
