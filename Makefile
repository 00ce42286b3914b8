# tlssim: a TLS and mail-encryption simulator for the terminal.
#
#   make run      build and start the app      make test   build and run every test
#   make check    tests under ASan + UBSan      make bench  performance figures
#   make fuzz     libFuzzer targets             make install / uninstall (PREFIX, DESTDIR)
#
# Missing libraries are installed by .ci/install-deps (or it prints the command).

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR     = $(PREFIX)/bin
DATADIR    = $(PREFIX)/share/tlssim
MANDIR     = $(PREFIX)/share/man/man1
LOCALEDIR  = $(PREFIX)/share/locale
PKG_CONFIG ?= pkg-config

CFLAGS    ?= -O2 -g
WARN       = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wwrite-strings -Wformat=2
DEFS       = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -DTLSSIM_VERSION='"$(VERSION)"' \
             -DTLSSIM_DATADIR='"$(DATADIR)"' -DTLSSIM_LOCALEDIR='"$(LOCALEDIR)"'

# pkg-config is asked lazily (=) so that a build started before the
# libraries were installed still finds them once they are.
SODIUM_CFLAGS  = $(shell $(PKG_CONFIG) --cflags libsodium 2>/dev/null)
SODIUM_LIBS    = $(shell $(PKG_CONFIG) --libs libsodium 2>/dev/null)
CURSES_CFLAGS  = $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null))
CURSES_LIBS    = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)
CMOCKA_CFLAGS  = $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null))
CMOCKA_LIBS    = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

B          = build
BIN        = tlssim
SIM_SRC    = $(wildcard sim/*.c)
UI_SRC     = $(filter-out ui/main.c,$(wildcard ui/*.c))
TEST_SRC   = $(wildcard tests/test_*.c)
SIM_OBJ    = $(SIM_SRC:%.c=$(B)/%.o)
UI_OBJ     = $(UI_SRC:%.c=$(B)/%.o)
TEST_BIN   = $(TEST_SRC:tests/%.c=$(B)/tests/%)
PO         = $(wildcard assets/po/*.po)
MO         = $(PO:assets/po/%.po=$(B)/locale/%/LC_MESSAGES/tlssim.mo)

.PHONY: all run test check bench fuzz install uninstall clean deps deps-test catalogs pot FORCE

all: deps
	@$(MAKE) --no-print-directory tlssim catalogs

deps:
	@.ci/install-deps libsodium ncursesw

deps-test:
	@.ci/install-deps libsodium ncursesw cmocka cmd:tmux cmd:tshark cmd:msgfmt cmd:openssl

run: all
	./tlssim $(ARGS)

$(BIN): $(B)/ui/main.o $(B)/libui.a $(B)/libsim.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CURSES_LIBS) $(SODIUM_LIBS)

# Made anew: ar would keep the objects of deleted sources.
$(B)/libsim.a: $(SIM_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/libui.a: $(UI_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/sim/%.o: sim/%.c $(wildcard sim/*.h) | $(B)/sim
	$(CC) $(WARN) $(DEFS) $(SODIUM_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/ui/%.o: ui/%.c $(wildcard sim/*.h ui/*.h) | $(B)/ui
	$(CC) $(WARN) $(DEFS) -Isim $(CURSES_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Unit tests link what they test: those of ui/ modules, listed here, link
# libui and ncurses too; every other tests/test_*.c tests the core and links
# libsim and libsodium alone (a new core test needs no entry).
UI_TESTS     = test_explore test_i18n test_keys test_layout test_lcache test_lessons test_picker test_progress test_wrap
UI_TEST_BIN  = $(UI_TESTS:%=$(B)/tests/%)
SIM_TEST_BIN = $(filter-out $(UI_TEST_BIN),$(TEST_BIN))

# Programs the end-to-end tests drive (not cmocka tests): tls_peer speaks
# TLS with OpenSSL over loopback, x509_gen writes certificates for it,
# class_load loads a teacher (--teach) with students and garbage.
TEST_TOOLS    = tls_peer x509_gen class_load
TEST_TOOL_BIN = $(TEST_TOOLS:%=$(B)/tests/%)

# test_lessons counts the timelines ui/ builds; test_i18n plays a system
# without C.UTF-8; test_keys counts catalogue look-ups, test_session_keys
# the key pairs a session makes.
$(B)/tests/test_lessons: TEST_LDFLAGS = -Wl,--wrap=timeline_build
$(B)/tests/test_i18n: TEST_LDFLAGS = -Wl,--wrap=setlocale
$(B)/tests/test_session_keys: TEST_LDFLAGS = -Wl,--wrap=crypto_sign_keypair
$(B)/tests/test_keys: TEST_LDFLAGS = -Wl,--wrap=gettext -Wl,--wrap=dcgettext

$(SIM_TEST_BIN) $(TEST_TOOL_BIN): $(B)/tests/%: tests/%.c $(B)/libsim.a $(wildcard tests/*.h) | $(B)/tests
	$(CC) $(WARN) $(DEFS) -Isim $(CMOCKA_CFLAGS) $(SODIUM_CFLAGS) $(CPPFLAGS) $(CFLAGS) \
		$(LDFLAGS) $(TEST_LDFLAGS) -o $@ $< $(B)/libsim.a $(CMOCKA_LIBS) $(SODIUM_LIBS)

$(UI_TEST_BIN): $(B)/tests/%: tests/%.c $(B)/libui.a $(B)/libsim.a $(wildcard tests/*.h) | $(B)/tests
	$(CC) $(WARN) $(DEFS) -Isim -Iui $(CMOCKA_CFLAGS) $(CURSES_CFLAGS) $(SODIUM_CFLAGS) \
		$(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(TEST_LDFLAGS) -o $@ $< $(B)/libui.a $(B)/libsim.a \
		$(CMOCKA_LIBS) $(CURSES_LIBS) $(SODIUM_LIBS)

# Message catalogues (GNU gettext); without msgfmt the program speaks English.
catalogs:
ifneq ($(MO),)
	@if command -v msgfmt >/dev/null 2>&1; then $(MAKE) --no-print-directory $(MO); \
	else echo "msgfmt not found (apt-get install gettext): messages stay in English"; fi
endif

$(B)/locale/%/LC_MESSAGES/tlssim.mo: assets/po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Refreshes the template and merges it into each translation (maintainers).
# Message ids are marked where they are written: _() where the UI shows
# them, N_() in the core and in tables; the few functions below take one
# as their format argument.
XGETTEXT_KEYWORDS = --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
	--keyword=err_at:3 --keyword=err_loc:3 --keyword=err_file:2 --keyword=lesson_diag_at:4 \
	--keyword=lesson_diag_add:6 --keyword=cli_bad_usage:1 --keyword=cli_complain:1 \
	--flag=err_at:3:c-format --flag=err_loc:3:c-format --flag=err_file:2:c-format \
	--flag=lesson_diag_at:4:c-format --flag=lesson_diag_add:6:c-format \
	--flag=cli_bad_usage:1:c-format --flag=cli_complain:1:c-format
pot:
	xgettext --from-code=UTF-8 $(XGETTEXT_KEYWORDS) \
		--add-comments=TRANSLATORS --package-name=tlssim --package-version=$(VERSION) \
		-o assets/po/tlssim.pot ui/*.c sim/*.c
	for po in $(PO); do msgmerge --quiet --update --backup=none $$po assets/po/tlssim.pot; done

# The data directories are compiled into ui/paths.o: rebuild it when PREFIX changes.
$(B)/prefix.stamp: FORCE | $(B)/ui
	@echo '$(DATADIR) $(LOCALEDIR)' | cmp -s - $@ || echo '$(DATADIR) $(LOCALEDIR)' > $@
$(B)/ui/paths.o: $(B)/prefix.stamp
FORCE:

$(B)/sim $(B)/ui $(B)/tests $(B)/fuzz:
	@mkdir -p $@

test: deps-test
	@$(MAKE) --no-print-directory tlssim catalogs $(TEST_BIN) $(TEST_TOOL_BIN)
	@tests/run.sh $(TEST_BIN)

# The same tests against a sanitizer build kept apart in build-check/.
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
check: deps-test
	@$(MAKE) --no-print-directory B=build-check BIN=build-check/tlssim \
		CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" build-check/tlssim \
		$(TEST_SRC:tests/%.c=build-check/tests/%) $(TEST_TOOLS:%=build-check/tests/%)
	@TLSSIM=build-check/tlssim TLS_PEER=build-check/tests/tls_peer \
		X509_GEN=build-check/tests/x509_gen ASAN_OPTIONS=detect_leaks=1 \
		tests/run.sh $(TEST_SRC:tests/%.c=build-check/tests/%)

# libFuzzer targets (clang): tests/fuzz/fuzz_*.c, corpora in tests/fuzz/corpus/.
FUZZ_SECONDS ?= 10
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN     = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
fuzz: deps
	@$(MAKE) --no-print-directory CC=clang B=build-fuzz CFLAGS="-O1 -g $(FUZZ_SAN)" \
		$(FUZZ_TARGETS:%=build-fuzz/fuzz/%)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS:%=build-fuzz/fuzz/%)

$(B)/fuzz/%: tests/fuzz/%.c $(B)/libsim.a | $(B)/fuzz
	$(CC) $(WARN) $(DEFS) -Isim $(SODIUM_CFLAGS) $(CFLAGS) -fsanitize=fuzzer,address,undefined \
		-o $@ $< $(B)/libsim.a $(SODIUM_LIBS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons/en \
		$(DESTDIR)$(DATADIR)/lessons/ja $(DESTDIR)$(MANDIR)
	install -m 755 tlssim $(DESTDIR)$(BINDIR)/tlssim
	install -m 644 lessons/en/*.lesson $(DESTDIR)$(DATADIR)/lessons/en/
	install -m 644 lessons/ja/*.lesson $(DESTDIR)$(DATADIR)/lessons/ja/
	install -m 644 assets/tlssim.1 $(DESTDIR)$(MANDIR)/tlssim.1
	for mo in $(wildcard $(B)/locale/*/LC_MESSAGES/tlssim.mo); do \
		lang=$${mo#$(B)/locale/}; lang=$${lang%%/*}; \
		install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES; \
		install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/tlssim.mo; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tlssim $(DESTDIR)$(MANDIR)/tlssim.1
	rm -f $(DESTDIR)$(LOCALEDIR)/*/LC_MESSAGES/tlssim.mo
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-check build-fuzz tlssim tests/out

bench: all $(B)/tests/class_load
	@mkdir -p $(B)/bench
	$(CC) $(WARN) $(DEFS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $(B)/bench/ptydrive \
		tests/bench/ptydrive.c -lutil
	$(CC) $(WARN) $(DEFS) -Iui -Isim $(CURSES_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $(B)/bench/keylist \
		tests/bench/keylist.c $(B)/libui.a $(CURSES_LIBS)
	$(CC) $(WARN) $(DEFS) -Isim $(SODIUM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) \
		-o $(B)/bench/bench_timeline tests/bench/bench_timeline.c $(B)/libsim.a \
		@tests/bench/wrap.flags $(SODIUM_LIBS)
	@TLSSIM=./$(BIN) CLASS_LOAD=$(B)/tests/class_load tests/bench/run.sh $(B)/bench

