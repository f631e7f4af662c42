# Two images from one build. `docker build .` (the last stage, `app`) is the production image: `run`, `notify` and `topics`
# only, no broker, no simulator. `docker build --target tools .` is the tools image (demo, simulate, tail, replay,
# bench and the production commands). `docker compose up` uses both; see README, "Running on a real cluster".
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY kernel kernel
COPY topology topology
COPY notify notify
COPY app app
COPY embedded-kafka embedded-kafka
COPY tools tools
# The reactor lists every module; the test modules' poms are enough to build the jars.
COPY test-support/pom.xml test-support/pom.xml
COPY product-tests/pom.xml product-tests/pom.xml
RUN mvn -B -ntp -q package -DskipTests -pl app,tools -am

FROM eclipse-temurin:17-jre AS tools
COPY --from=build /src/topology/target/sla-processor.jar /app/sla-processor.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/sla-processor.jar"]
CMD ["--help"]

FROM eclipse-temurin:17-jre AS app
RUN useradd --system --home /var/lib/sla-processor sla && mkdir -p /var/lib/sla-processor && chown sla /var/lib/sla-processor
COPY --from=build /src/app/target/sla-app.jar /app/sla-app.jar
USER sla
ENV SLA_STATE_DIR=/var/lib/sla-processor
VOLUME /var/lib/sla-processor
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/sla-app.jar"]
CMD ["run"]
