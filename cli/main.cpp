#include "app.hpp"

int main(int argc, char** argv) { return echo::cli::run(argc, argv); }
