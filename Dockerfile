# Build a static binary, then run it on a small Debian image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /annals ./cmd/annals

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 annals
COPY --from=build /annals /usr/local/bin/annals
USER annals
EXPOSE 8080
ENTRYPOINT ["annals"]
CMD ["serve", "-seed-demo"]
