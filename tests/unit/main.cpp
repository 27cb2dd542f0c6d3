// The Catch2 entry point for libpm's unit tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
