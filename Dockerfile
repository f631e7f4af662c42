# Builds the application jar and runs it. `docker compose up` uses this; see README, "Running on a real cluster".
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY topology topology
RUN mvn -B -ntp -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/sla-processor sla && mkdir -p /var/lib/sla-processor && chown sla /var/lib/sla-processor
COPY --from=build /src/topology/target/sla-processor.jar /app/sla-processor.jar
USER sla
ENV SLA_STATE_DIR=/var/lib/sla-processor
VOLUME /var/lib/sla-processor
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/sla-processor.jar"]
CMD ["run"]
