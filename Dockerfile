# Build stage: the same Maven build as on a developer's machine, without the tests (CI ran them).
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY templates templates
COPY migrations migrations
RUN mvn -B -q package -DskipTests

# Run stage: a JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app upkeep \
    && mkdir -p /app/data \
    && chown upkeep /app/data
WORKDIR /app
COPY --from=build /build/target/upkeep-*.jar /app/upkeep.jar
USER upkeep
ENV UPKEEP_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/upkeep.jar"]
