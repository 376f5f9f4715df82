#!/bin/sh
./migrate
"$@"
