# defspend: a plain GNU Makefile.
#
#   make            build build/defspend and build/libdefspend.a
#   make test       build and run the tests (cmocka units and end-to-end)
#   make test-system   the system tests: the report in Chromium, make install
#   make test SANITIZE=1   every test, system tests included, under ASan and UBSan
#   make report     build, then write every table and chart of data/ under plots/
#   make deps       install the Debian packages the project needs (as root)
#   make valgrind   the suite under valgrind, failing on any error or leak (the
#                   program linked with the shared libc, in build/shared)
#   make fuzz FUZZ_SECONDS=N   build the libFuzzer harnesses of fuzz/ with clang
#                   and run each for N seconds (default 60) on seeds from the tests;
#                   FUZZ_RUNS=N instead runs N inputs each from a fixed seed (CI)
#   make install    binary, man page, dataset and bash completion under PREFIX
#                   (default /usr/local), staged under DESTDIR when given
#   make uninstall  removes exactly what make install put there

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
# The suite's programs are built on every core: a clean `make test` stays
# short (the checks before a stop give it a minute).
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

CSTD     = -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wwrite-strings -Wformat=2
WERROR  ?= -Werror
OPT     ?= -O2 -g
CPPFLAGS += -Iinclude
CFLAGS  ?=
# libcsv is linked in where its archive is installed (libcsv-dev), and
# the program needs no libm: a process that maps fewer shared libraries
# starts sooner, and starting is most of a query on the shipped data
# (bench/README.md).  libc stays shared.
STATIC_CSV := $(if $(filter /%,$(shell $(CC) -print-file-name=libcsv.a)),yes)
ifeq ($(STATIC_CSV),yes)
LDLIBS   = -Wl,-Bstatic -lcsv -Wl,-Bdynamic -pthread
else
LDLIBS   = -lcsv -pthread
endif
# The program goes further where libc's static archives are installed
# (libc6-dev: libc.a, and rcrt1.o for a static position-independent
# executable): no dynamic loader runs and no library is mapped, which took
# 0.9 ms of a 5.3 ms query on the shipped data (bench/README.md).  Not under
# the sanitizers or libFuzzer, whose runtimes need the shared libc, nor with
# LINK=shared: `make valgrind` builds so (in build/shared), since its leak
# check replaces malloc in the shared libc.
LINK ?= static
have_file = $(filter /%,$(shell $(CC) -print-file-name=$(1)))
STATIC_PIE := $(if $(and $(call have_file,libc.a),$(call have_file,rcrt1.o)),yes)
ifeq ($(STATIC_CSV)$(STATIC_PIE)$(SANITIZE)$(FUZZ)$(LINK),yesyesstatic)
BIN_LDLIBS = -static-pie -lcsv -pthread
else
BIN_LDLIBS = $(LDLIBS)
endif

ifeq ($(SANITIZE),1)
BUILD   := build/sanitize
OPT     := -O1 -g -fno-omit-frame-pointer
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all
endif

# The libFuzzer build: clang, the library instrumented for coverage and
# the sanitizers, in its own build directory (`make fuzz` sets FUZZ=1).
ifeq ($(FUZZ),1)
CC      := clang
BUILD   := build/fuzz
OPT     := -O1 -g -fno-omit-frame-pointer
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
endif

ALL_CFLAGS = $(CSTD) $(WARN) $(WERROR) $(OPT) $(SANFLAGS) $(CFLAGS)

# The front end (main.c, the cli*.c helpers, one cmd_*.c per command) prints and
# exits; everything else is the library, which does neither.
FRONT_SRC = src/main.c $(wildcard src/cli*.c) $(wildcard src/cmd_*.c)
FRONT_OBJ = $(FRONT_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB_SRC  = $(filter-out $(FRONT_SRC),$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
# The system tests drive a whole installed system: a real Chromium (the
# report in a browser) and `make install` into a prefix.  They take a third
# of the suite's time, so `make test` stays inside a minute without them;
# `make test-system` runs them, and CI runs both (valgrind and SANITIZE=1
# run every test).
SYSTEM_TEST_BIN = $(BUILD)/tests/test_browser_e2e $(BUILD)/tests/test_install_e2e
UNIT_TEST_BIN = $(filter-out $(SYSTEM_TEST_BIN),$(TEST_BIN))
ifeq ($(SANITIZE),1)
UNIT_TEST_BIN = $(TEST_BIN)
endif
TEST_HELPER_OBJ = $(BUILD)/tests/helpers.o
LIB      = $(BUILD)/libdefspend.a
BIN      = $(BUILD)/defspend

.PHONY: all test test-system report deps clean valgrind valgrind-run format format-check layers install uninstall fuzz fuzz-build bench FORCE

# Where `make install` puts things.  The binary is built knowing SHAREDIR, so
# an installed defspend finds its data from any directory.  PREFIX must not
# contain quotes or spaces.
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man/man1
SHAREDIR = $(PREFIX)/share/defspend
COMPDIR  = $(PREFIX)/share/bash-completion/completions
DATA_FILES    = $(wildcard data/*.csv) data/README.md
RELEASE_FILES = $(wildcard data/releases/*.csv)

all: $(BIN)

# -MMD -MP: each object records the headers it includes (build/.../*.d), so
# touching one header rebuilds only what includes it.
DEPFLAGS = -MMD -MP

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	$(CC) $(CPPFLAGS) $(DEPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# main.o carries SHAREDIR; the stamp changes (and main.o is rebuilt) only
# when PREFIX does, so `make && make install PREFIX=/opt` cannot install a
# binary that looks for its data under /usr/local.
$(BUILD)/sharedir.stamp: FORCE | $(BUILD)/obj
	@echo '$(SHAREDIR)' | cmp -s - $@ 2>/dev/null || echo '$(SHAREDIR)' >$@
$(BUILD)/obj/main.o: $(BUILD)/sharedir.stamp
$(BUILD)/obj/main.o: CPPFLAGS += -DDS_SHAREDIR='"$(SHAREDIR)"'

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(FRONT_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(BIN_LDLIBS)

$(BUILD)/tests/helpers.o: tests/helpers.c | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(DEPFLAGS) -Itests $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(TEST_HELPER_OBJ) $(LIB) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(DEPFLAGS) -Isrc -Itests $(ALL_CFLAGS) -o $@ $< $(TEST_HELPER_OBJ) $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka -lm

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

FUZZ_SRC = $(filter-out fuzz/fuzz_util.c,$(wildcard fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZ_SRC:fuzz/%.c=$(BUILD)/bin/%)
FUZZ_SECONDS ?= 60

$(BUILD)/bin/fuzz_util.o: fuzz/fuzz_util.c | $(BUILD)/bin
	$(CC) $(CPPFLAGS) $(DEPFLAGS) $(ALL_CFLAGS) -DDS_FUZZ_DATA='"$(CURDIR)/data"' -c -o $@ $<

$(BUILD)/bin/fuzz_%: fuzz/fuzz_%.c $(BUILD)/bin/fuzz_util.o $(LIB) | $(BUILD)/bin
	$(CC) $(CPPFLAGS) $(DEPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/bin/fuzz_util.o $(LIB) $(LDFLAGS) $(LDLIBS)

$(BUILD)/bin:
	mkdir -p $@

fuzz-build: $(FUZZ_BIN)

# Builds every harness, seeds its corpus from tests/data and data/, runs it.
fuzz:
	@sh tools/deps --quiet --fuzz
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	@FUZZ_RUNS=$(FUZZ_RUNS) sh fuzz/run $(FUZZ_SECONDS) $(patsubst fuzz/%.c,build/fuzz/bin/%,$(FUZZ_SRC))

deps:
	@sh tools/deps

# The deps check is cheap; it installs or explains only when something is missing.
test: 
	@sh tools/deps --quiet
	@$(MAKE) --no-print-directory -j$(JOBS) $(BIN) $(UNIT_TEST_BIN)
	@DEFSPEND_BIN=$(CURDIR)/$(BIN) DEFSPEND_SRCDIR=$(CURDIR) sh tests/run-all $(UNIT_TEST_BIN)

test-system:
	@sh tools/deps --quiet
	@$(MAKE) --no-print-directory -j$(JOBS) $(BIN) $(SYSTEM_TEST_BIN)
	@DEFSPEND_BIN=$(CURDIR)/$(BIN) DEFSPEND_SRCDIR=$(CURDIR) sh tests/run-all $(SYSTEM_TEST_BIN)

valgrind:
	@sh tools/deps --quiet --valgrind
	@$(MAKE) --no-print-directory LINK=shared BUILD=build/shared valgrind-run

# The suite's programs run by the shared program; a `make install` that a
# test runs inherits LINK and BUILD (MAKEFLAGS) and installs that one.
valgrind-run:
	@$(MAKE) --no-print-directory -j$(JOBS) $(BIN) $(TEST_BIN)
	@DEFSPEND_BIN=$(CURDIR)/$(BIN) DEFSPEND_SRCDIR=$(CURDIR) DEFSPEND_VALGRIND=1 sh tests/run-all $(TEST_BIN)

report:
	@sh tools/deps --quiet
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) --data data report --out plots

# install also writes .installed-files in the share directory: the list of
# every file it put anywhere, which uninstall removes, so that uninstall is
# exact even after the checkout's data/ changed.  (Names starting with a dot
# are never copied into a user's data copy.)  The installed man page names
# the share directory of this PREFIX.  uninstall also removes what updates
# of the installed data leave there: the lock file and temporary files, all
# named .defspend*.
install: $(BIN)
	mkdir -p '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(MANDIR)' '$(DESTDIR)$(COMPDIR)' \
		'$(DESTDIR)$(SHAREDIR)/releases'
	install -m 755 $(BIN) '$(DESTDIR)$(BINDIR)/defspend'
	sed 's|/usr/local/share/defspend|$(SHAREDIR)|g' doc/defspend.1 >'$(DESTDIR)$(MANDIR)/defspend.1'
	chmod 644 '$(DESTDIR)$(MANDIR)/defspend.1'
	install -m 644 completion/defspend.bash '$(DESTDIR)$(COMPDIR)/defspend'
	install -m 644 $(DATA_FILES) '$(DESTDIR)$(SHAREDIR)/'
	install -m 644 $(RELEASE_FILES) '$(DESTDIR)$(SHAREDIR)/releases/'
	{ echo '$(BINDIR)/defspend'; echo '$(MANDIR)/defspend.1'; echo '$(COMPDIR)/defspend'; \
	  for f in $(DATA_FILES:data/%=%) $(RELEASE_FILES:data/%=%); do echo "$(SHAREDIR)/$$f"; done; \
	  echo '$(SHAREDIR)/.installed-files'; } >'$(DESTDIR)$(SHAREDIR)/.installed-files'

uninstall:
	@list='$(DESTDIR)$(SHAREDIR)/.installed-files'; \
	if [ -f "$$list" ]; then \
		while IFS= read -r f; do rm -f "$(DESTDIR)$$f"; done <"$$list"; \
	else \
		rm -f '$(DESTDIR)$(BINDIR)/defspend' '$(DESTDIR)$(MANDIR)/defspend.1' \
		      '$(DESTDIR)$(COMPDIR)/defspend'; \
		for f in $(DATA_FILES:data/%=%) $(RELEASE_FILES:data/%=%); do \
			rm -f "$(DESTDIR)$(SHAREDIR)/$$f"; done; \
	fi; \
	rm -f '$(DESTDIR)$(SHAREDIR)'/.defspend* '$(DESTDIR)$(SHAREDIR)'/releases/.defspend*; \
	rmdir '$(DESTDIR)$(SHAREDIR)/releases' '$(DESTDIR)$(SHAREDIR)' 2>/dev/null; \
	echo 'uninstalled defspend from $(DESTDIR)$(PREFIX)'

# Every C file of the tree follows .clang-format; format-check (run by CI)
# fails, naming the files, when one does not.
FORMAT_FILES = $(wildcard src/*.c src/*.h include/defspend/*.h tests/*.c tests/*.h \
	fuzz/*.c fuzz/*.h bench/*.c)

format:
	@sh tools/deps --quiet --format
	clang-format -i $(FORMAT_FILES)

# No module depends on itself through others: tools/layers reads the
# #include lines of src/ and include/ and fails naming any cycle (CI runs it).
layers:
	@sh tools/layers

format-check:
	@sh tools/deps --quiet --format
	@bad=0; for f in $(FORMAT_FILES); do \
		clang-format "$$f" | cmp -s - "$$f" || { echo "not clang-format clean: $$f" >&2; bad=1; }; \
	done; \
	if [ $$bad = 0 ]; then echo "format-check: every file is clang-format clean"; \
	else echo "format-check: run 'make format'" >&2; exit 1; fi

clean:
	rm -rf build

# The headers each object, test and harness was built from (see DEPFLAGS).
-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d $(BUILD)/bin/*.d)
