FROM ruby:3.3-slim
WORKDIR /app
COPY . .
ENTRYPOINT bundle exec sidekiq \
    -C config/sidekiq.yml \
    -e production
