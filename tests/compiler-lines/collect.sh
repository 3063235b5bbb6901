#!/bin/sh
# Collects real C compiler command lines for tests/it/passthrough.rs (CLI.md §6).
#
# Puts a wrapper named `cc` first on PATH that appends its argv (JSON array, one per line) to a
# log and then execs the real compiler, and runs four real builds through it:
#   1. a Rust crate whose build.rs compiles a C file with the `cc` crate (rustc links through
#      `cc` too), `cargo build --offline`;
#   2. an autoconf + automake project: `autoreconf -i`, `./configure`, `make`;
#   3. a CMake project: configure and build with Unix Makefiles;
#   4. a Python C extension: `pip wheel` of a setup.py with an Extension, in a venv;
#   5. a plain Makefile whose programs, objects and macros are named after `cc`'s own commands
#      (`plan`, `apply`, `export`, `config`, `man`, `api`), the lines CLI.md §6 must leave alone.
# Each build's lines go to OUT_DIR/<build>.txt. Not run by CI: the corpus is committed and the
# tests only read it. Needs gcc, cargo, autoconf, automake, cmake, make and python3 (with venv).
#
# Usage: tests/compiler-lines/collect.sh [OUT_DIR [BUILD...]]   (default: the directory of this
# script, every build; BUILD is one of cc-crate, autoconf, cmake, pip, names)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
real_cc=${REAL_CC:-/usr/bin/cc}
python=$(command -v python3)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bin"
cat > "$work/bin/cc" <<WRAP
#!$python
import json, os, sys
with open(os.environ["CC_ARGV_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\n")
os.execv("$real_cc", ["$real_cc"] + sys.argv[1:])
WRAP
chmod +x "$work/bin/cc"
PATH="$work/bin:$PATH"
export PATH
CC=cc
export CC

log() { CC_ARGV_LOG="$out/$1.txt"; export CC_ARGV_LOG; : > "$CC_ARGV_LOG"; }
shift $(( $# > 0 ? 1 : 0 ))
builds=${*:-cc-crate autoconf cmake pip names}
wanted() { case " $builds " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# 1. A crate using the `cc` crate.
if wanted cc-crate; then
log cc-crate
mkdir -p "$work/crate/src"
cd "$work/crate"
cat > Cargo.toml <<'TOML'
[package]
name = "uses-cc-crate"
version = "0.1.0"
edition = "2021"

[build-dependencies]
cc = "1"
TOML
cat > build.rs <<'RS'
fn main() {
    cc::Build::new()
        .file("src/hello.c")
        .file("src/sum.c")
        .flag_if_supported("-Wextra")
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-fno-such-flag")
        .warnings(true)
        .define("GREETING", "\"hi\"")
        .opt_level(2)
        .compile("hello");
    cc::Build::new()
        .file("src/twice.c")
        .include("src")
        .pic(true)
        .debug(false)
        .compile("twice");
}
RS
printf '#include <stdio.h>\nvoid hello(void) { puts(GREETING); }\n' > src/hello.c
printf 'int sum(int a, int b) { return a + b; }\n' > src/sum.c
printf 'int twice(int x) { return 2 * x; }\n' > src/twice.c
cat > src/main.rs <<'RS'
extern "C" {
    fn hello();
    fn sum(a: i32, b: i32) -> i32;
    fn twice(x: i32) -> i32;
}
fn main() {
    unsafe { hello() };
    println!("{}", unsafe { twice(sum(2, 3)) });
}
RS
env -u RUSTC_WRAPPER CARGO_TARGET_DIR="$work/crate/target" cargo build --offline --quiet
env -u RUSTC_WRAPPER CARGO_TARGET_DIR="$work/crate/target" cargo build --offline --quiet --release
fi

# 2. autoconf + automake.
if wanted autoconf; then
log autoconf
mkdir -p "$work/ac"
cd "$work/ac"
cat > configure.ac <<'AC'
AC_INIT([hello], [1.0])
AM_INIT_AUTOMAKE([foreign])
AC_PROG_CC
AC_PROG_RANLIB
AM_PROG_AR
AC_SYS_LARGEFILE
AC_CHECK_HEADERS([stdlib.h string.h unistd.h sys/time.h math.h fcntl.h limits.h locale.h \
  netdb.h netinet/in.h arpa/inet.h sys/socket.h sys/ioctl.h sys/param.h sys/select.h \
  sys/stat.h sys/types.h sys/wait.h sys/mman.h sys/resource.h sys/utsname.h termios.h \
  pthread.h dlfcn.h poll.h pwd.h grp.h syslog.h wchar.h langinfo.h inttypes.h stdint.h \
  no-such-header.h])
AC_CHECK_FUNCS([gettimeofday memset strdup strndup strlcpy strerror_r clock_gettime mmap \
  munmap poll select setlocale socket getaddrinfo inet_ntop realpath getline getdelim \
  posix_memalign fork vfork pipe2 dup3 accept4 epoll_create1 sigaction nanosleep \
  localtime_r gmtime_r strtoll strtoull snprintf vsnprintf no_such_function])
AC_CHECK_LIB([m], [cos])
AC_CHECK_LIB([pthread], [pthread_create])
AC_CHECK_LIB([dl], [dlopen])
AC_CHECK_DECLS([strdup, strndup, environ])
AC_CHECK_TYPES([long long, ssize_t, ptrdiff_t, struct timespec])
AC_CHECK_MEMBERS([struct stat.st_blksize, struct tm.tm_gmtoff])
AC_C_BIGENDIAN
AC_C_INLINE
AC_TYPE_SIZE_T
AC_CHECK_SIZEOF([long])
AC_CHECK_SIZEOF([int])
AC_CHECK_SIZEOF([void *])
AC_CHECK_SIZEOF([size_t])
AC_CHECK_ALIGNOF([double])
AC_CONFIG_HEADERS([config.h])
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
AC
cat > Makefile.am <<'AM'
noinst_LIBRARIES = libgreet.a
libgreet_a_SOURCES = greet.c
bin_PROGRAMS = hello
hello_SOURCES = main.c
hello_LDADD = libgreet.a -lm
AM
printf '#include "config.h"\n#include <stdio.h>\nvoid greet(void) { puts("hello"); }\n' > greet.c
printf '#include "config.h"\n#include <math.h>\nvoid greet(void);\nint main(void) { greet(); return (int)cos(0.0) - 1; }\n' > main.c
autoreconf -i >/dev/null 2>&1
./configure >/dev/null
make >/dev/null
fi

# 3. CMake.
if wanted cmake; then
log cmake
mkdir -p "$work/cm/src"
cd "$work/cm"
cat > CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.13)
project(hello C)
include(CheckIncludeFile)
include(CheckFunctionExists)
include(CheckCSourceCompiles)
check_include_file(stdint.h HAVE_STDINT_H)
check_function_exists(strdup HAVE_STRDUP)
include(CheckSymbolExists)
include(CheckTypeSize)
include(CheckCCompilerFlag)
include(CheckLibraryExists)
foreach(header sys/types.h sys/stat.h unistd.h fcntl.h pthread.h dlfcn.h no-such-header.h)
  string(MAKE_C_IDENTIFIER "HAVE_${header}" var)
  check_include_file(${header} ${var})
endforeach()
foreach(fn strdup memset clock_gettime mmap poll getaddrinfo no_such_function)
  check_function_exists(${fn} HAVE_FN_${fn})
endforeach()
check_symbol_exists(O_CLOEXEC fcntl.h HAVE_O_CLOEXEC)
check_type_size("long" SIZEOF_LONG)
check_type_size("void *" SIZEOF_VOID_P)
check_c_compiler_flag(-Wall HAVE_WALL)
check_c_compiler_flag(-fvisibility=hidden HAVE_VISIBILITY)
check_library_exists(m cos "" HAVE_LIBM)
check_c_source_compiles("int main(void) { return __builtin_expect(0, 0); }" HAVE_BUILTIN_EXPECT)
add_library(greet SHARED src/greet.c)
add_library(util STATIC src/util.c)
add_executable(hello src/main.c)
target_compile_definitions(hello PRIVATE HELLO_VERSION=1)
target_include_directories(hello PRIVATE src)
target_link_libraries(hello greet util m)
CM
printf '#include <stdio.h>\nvoid greet(void) { puts("hello"); }\n' > src/greet.c
printf 'int twice(int x) { return 2 * x; }\n' > src/util.c
printf 'void greet(void);\nint twice(int);\nint main(void) { greet(); return twice(0); }\n' > src/main.c
cmake -S . -B build -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build >/dev/null
fi

# 4. A Python C extension with pip.
if wanted pip; then
log pip
mkdir -p "$work/py"
cd "$work/py"
"$python" -m venv venv
cat > setup.py <<'PY'
from setuptools import setup, Extension
setup(
    name="hello-ext",
    version="0.1",
    ext_modules=[
        Extension("hello", ["hello.c", "extra.c"], define_macros=[("GREETING", '"hi"')]),
        Extension("world", ["world.c"], libraries=["m"], extra_compile_args=["-std=c99"]),
    ],
)
PY
cat > hello.c <<'C'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *hi(PyObject *self, PyObject *args) { return PyUnicode_FromString(GREETING); }
static PyMethodDef methods[] = {{"hi", hi, METH_NOARGS, "hi"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "hello", NULL, -1, methods};
PyMODINIT_FUNC PyInit_hello(void) { return PyModule_Create(&module); }
C
printf 'int extra(void) { return 1; }\n' > extra.c
cat > world.c <<'C'
#include <Python.h>
#include <math.h>
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "world", NULL, -1, NULL};
PyMODINIT_FUNC PyInit_world(void) { return PyModule_Create(&module); }
C
# pip builds in an isolated environment: it fetches setuptools and wheel from the index.
LDSHARED="cc -shared" venv/bin/pip wheel --quiet --no-deps -w dist .
fi

# 5. Programs, objects and macros named after `cc`'s own commands, built by make.
if wanted names; then
log names
mkdir -p "$work/names"
cd "$work/names"
printf 'int main(void) { return 0; }\n' > plan.c
printf '#include "config.h"\nint helper(void) { return 1; }\n' > apply.c
printf '#define VALUE 1\n' > config.h
printf 'int api(void) { return 2; }\n' > api.c
cat > Makefile <<'MK'
all: plan apply export man api
plan: plan.c
	$(CC) -o plan plan.c
apply: apply.c plan.c
	$(CC) -D apply=1 -U export -I . -c apply.c -o apply.o
	$(CC) -include config.h -c plan.c -o export.o
	$(CC) -o apply apply.o export.o -Xlinker -z -Xlinker now
export: plan.c
	$(CC) -D config -D man -MD -MF export.d -MT export -o export plan.c
man: plan.c api.c
	$(CC) -c api.c -o man.o
	$(CC) -c plan.c -o plan.o
	$(CC) -o man plan.o man.o -L . -z now
api: plan.c
	$(CC) -x c -o api plan.c -D api -U plan
MK
make >/dev/null
fi

cd "$out"
for b in $builds; do wc -l "$b.txt"; done
