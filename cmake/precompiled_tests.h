// Precompiled for the Catch2 test executable: the common set and Catch2.
// tests/main.cpp, which instantiates Catch2's runner, is compiled without it.
#pragma once

#include "precompiled_common.h"

#include <catch2/catch.hpp>
