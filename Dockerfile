# clinicfaq: build with the Rust toolchain, run on slim Debian as a non-root user.
#   docker build -t clinicfaq .
#   docker run -p 8080:8080 -v clinicfaq-data:/data clinicfaq

FROM rust:1.95-slim-bookworm AS builder
WORKDIR /src

# Dependencies first, against stub sources, so they are cached in their own
# layer and a source-only change rebuilds just the crate.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && echo 'fn main() {}' > benches/ask.rs \
    && cargo build --release --locked \
    && rm -rf src benches

COPY src ./src
COPY benches ./benches
# touch: the stubs above are newer than the real files' mtimes from the context.
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked \
    && cp target/release/clinicfaq /usr/local/bin/clinicfaq

FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 clinicfaq \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin clinicfaq \
    && mkdir -p /data \
    && chown clinicfaq:clinicfaq /data
WORKDIR /app
COPY --from=builder /usr/local/bin/clinicfaq /usr/local/bin/clinicfaq
COPY faq ./faq

ENV CLINICFAQ_BIND=0.0.0.0:8080 \
    CLINICFAQ_DATA=/data \
    CLINICFAQ_CONTENT=/app/faq \
    CLINICFAQ_LOG_FORMAT=json

# Numeric, so runtimes and orchestrators can verify it is not root.
USER 10001:10001
VOLUME /data
EXPOSE 8080
# The image has no curl; the binary checks GET /health itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["clinicfaq", "healthcheck"]
ENTRYPOINT ["clinicfaq"]
CMD ["serve"]
