# Builds the plugin (frontend and backend) and a Grafana image that loads it, so that
# `docker compose up --build` needs nothing but Docker. .config/Dockerfile (create-plugin's
# development image) is left as the tool generated it; this file is the one compose uses.
ARG grafana_version=12.4.0
ARG grafana_image=grafana

FROM node:22-bookworm AS frontend
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM golang:1.26-bookworm AS backend
ARG TARGETOS=linux
ARG TARGETARCH=amd64
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY pkg ./pkg
RUN CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \
    go build -trimpath -ldflags "-s -w" -o /out/gpx_stripe_${TARGETOS}_${TARGETARCH} ./pkg

FROM grafana/${grafana_image}:${grafana_version}
USER root
COPY --from=frontend /src/dist /var/lib/grafana/plugins/revops-stripe-datasource
COPY --from=backend /out/ /var/lib/grafana/plugins/revops-stripe-datasource/
RUN chmod +x /var/lib/grafana/plugins/revops-stripe-datasource/gpx_stripe_*
COPY provisioning /etc/grafana/provisioning
# The plugin's bundled dashboards, provisioned against the demo data source: their ${DS_STRIPE}
# input becomes uid stripe-demo (provisioning/dashboards/stripe.yaml reads this folder).
RUN mkdir -p /var/lib/grafana/dashboards/stripe && \
    for f in /var/lib/grafana/plugins/revops-stripe-datasource/dashboards/*.json; do \
      sed 's/\${DS_STRIPE}/stripe-demo/g' "$f" > "/var/lib/grafana/dashboards/stripe/$(basename "$f")"; \
    done
ENV GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=revops-stripe-datasource \
    GF_AUTH_ANONYMOUS_ENABLED=true \
    GF_AUTH_ANONYMOUS_ORG_ROLE=Admin \
    GF_ANALYTICS_REPORTING_ENABLED=false \
    GF_ANALYTICS_CHECK_FOR_UPDATES=false \
    GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES=false
USER grafana
