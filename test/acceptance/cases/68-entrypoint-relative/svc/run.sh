#!/bin/bash
JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAMPercentage=75}"
echo "Starting with $JAVA_OPTS"
java $JAVA_OPTS -jar /opt/app/app.jar
