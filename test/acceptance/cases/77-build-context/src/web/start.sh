#!/bin/sh
node migrate.js
exec node server.js
