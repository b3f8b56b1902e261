# mentorsite host in a container: the program's site and its forms.
#
#   docker build -t mentorsite .
#   docker run -d -p 127.0.0.1:8080:8080 -v /srv/program:/site mentorsite
#
# The site folder is a volume: submissions are appended to
# /site/data/rounds/<round>/<form>.csv, and public/ is rebuilt there.
# Put a reverse proxy with TLS (Caddy, nginx) in front; see README "Deploying".
# Checked by tests/cli/host.rs (the_dockerfile_and_the_systemd_unit_run_host).

FROM rust:1.85-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin mentorsite

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /site mentorsite
COPY --from=build /src/target/release/mentorsite /usr/local/bin/mentorsite
USER mentorsite
# mimalloc commits memory lazily: one thread per connection otherwise costs
# about 0.9 MB each (bench/host.sh: 891 MB at 1,000 connections, 139 MB).
ENV MIMALLOC_ARENA_EAGER_COMMIT=0
VOLUME /site
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
CMD ["mentorsite", "host", "--root", "/site", "--bind", "0.0.0.0", "--port", "8080"]
