package dev.cusp.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;

/** Small REST helpers shared by the gateway's tests. */
final class Api {
    private Api() {
    }

    /** Uploads a model file as the dashboard does: multipart {@code file}, {@code name}, {@code version}. */
    static ValidatableResponse upload(byte[] bytes, String name, String version) {
        return given()
                .multiPart("file", name + ".zip", bytes, "application/zip")
                .multiPart("name", name)
                .multiPart("version", version)
                .when().post("/api/models")
                .then();
    }

    /** Uploads a model and returns its id (201 the first time, 200 when the bytes are already stored). */
    static String modelId(byte[] bytes, String name) {
        return upload(bytes, name, "1").extract().path("id");
    }
}
