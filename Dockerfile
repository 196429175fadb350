# palisade in a container, for CI systems other than GitHub and for the
# `language: docker` pre-commit hooks. Two stages on Debian 12: the first
# builds with the -dev packages (and npm, for the pinned Bicep grammar), the
# second holds the binary, its runtime libraries and git (for --diff-base).
#   docker build -t palisade .
#   docker run --rm -v "$PWD:/src" palisade scan . --format sarif -o palisade.sarif
FROM debian:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config git ca-certificates nodejs npm \
      libyaml-dev libre2-dev nlohmann-json3-dev libtree-sitter-dev libfmt-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPALISADE_TESTS=OFF \
 && cmake --build /build --target palisade \
 && strip /build/palisade \
 && /build/palisade version

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libyaml-0-2 libre2-9 libfmt9 libtree-sitter0 git \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory '*'
COPY --from=build /build/palisade /usr/local/bin/palisade
WORKDIR /src
ENTRYPOINT ["palisade"]
CMD ["scan", "."]
