package cn.qinzhou.livelihood.testsupport;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

/** RestAssured as every service's tests use it: money read as exact decimals, the exchange logged on failure. */
public final class RestApi {

    private static final RestAssuredConfig CONFIG = RestAssured.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    /** With a valid bearer token for the role (and lead unit). */
    public static RequestSpecification as(String role, String leadUnit) {
        return anonymous().auth().oauth2(Tokens.forRole(role, leadUnit));
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given().config(CONFIG).contentType(ContentType.JSON).accept(ContentType.JSON)
                .log().ifValidationFails();
    }

    private RestApi() {
    }
}
