# Build stage: the same Maven build as on a developer's machine, without the tests (CI ran them).
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY templates templates
COPY migrations migrations
RUN mvn -B -q package -DskipTests \
    && java -Djarmode=tools -jar target/upkeep-*.jar extract --destination /build/app \
    && mv /build/app/upkeep-*.jar /build/app/upkeep.jar

# Run stage: a JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app upkeep \
    && mkdir -p /app/data \
    && chown upkeep /app /app/data
WORKDIR /app
# The jar extracted (its libraries beside it), as class data sharing needs.
COPY --from=build /build/app /app
COPY jvm.options /app/jvm.options
USER upkeep
# A class data archive from a training start (on a throwaway embedded database, stopped once the app is up):
# later starts map the classes instead of loading them, a third faster (bench/startup.sh).
RUN UPKEEP_DATA_DIR=/tmp/training java @/app/jvm.options -XX:ArchiveClassesAtExit=/app/upkeep.jsa \
        -Dspring.context.exit=onRefresh -jar /app/upkeep.jar \
    && rm -rf /tmp/training
ENV UPKEEP_DATA_DIR=/app/data
# glibc's per-thread malloc arenas cost tens of MB for nothing here.
ENV MALLOC_ARENA_MAX=2
EXPOSE 8080
# Stopping: Docker sends SIGTERM, and Upkeep finishes what is in flight (up to 30 s) before it exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:SharedArchiveFile=/app/upkeep.jsa", "-jar", "/app/upkeep.jar"]
