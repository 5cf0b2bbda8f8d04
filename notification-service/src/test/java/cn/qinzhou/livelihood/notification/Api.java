package cn.qinzhou.livelihood.notification;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.Tokens;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

/** RestAssured with money read as exact decimals and the exchange logged when an assertion fails. */
public final class Api {

    private static final RestAssuredConfig CONFIG = RestAssured.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    /** As the supervision office, which reads everything. */
    public static RequestSpecification given() {
        return as(Roles.SUPERVISOR, null);
    }

    public static RequestSpecification as(String role, String leadUnit) {
        return anonymous().auth().oauth2(Tokens.forRole(role, leadUnit));
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given().config(CONFIG).contentType(ContentType.JSON).accept(ContentType.JSON)
                .log().ifValidationFails();
    }

    private Api() {
    }
}
