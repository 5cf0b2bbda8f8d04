package cn.qinzhou.livelihood.rules.money;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class YuanTest {

    static jakarta.validation.ValidatorFactory factory;
    static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    static Set<String> violations(String central, String regional, String local) {
        SourceAmounts amounts = new SourceAmounts(central == null ? null : new BigDecimal(central),
                regional == null ? null : new BigDecimal(regional), local == null ? null : new BigDecimal(local));
        return validator.validate(amounts).stream()
                .map((ConstraintViolation<SourceAmounts> v) -> v.getPropertyPath() + " " + v.getMessage())
                .collect(Collectors.toSet());
    }

    @Test
    void zeroAndWholeFenAmountsUpToFourteenIntegerDigitsAreYuan() {
        assertThat(violations("0", "0.01", "99999999999999.99")).isEmpty();
    }

    @Test
    void aNegativeAmountIsRefusedNamingTheSource() {
        assertThat(violations("-0.01", "0", "0")).containsExactly("central must not be negative");
    }

    @Test
    void fractionsOfAFenAndFifteenIntegerDigitsAreRefused() {
        assertThat(violations("0", "0.001", "100000000000000"))
                .containsExactlyInAnyOrder("regional must be yuan with at most 2 decimals and 14 integer digits",
                        "local must be yuan with at most 2 decimals and 14 integer digits");
    }

    @Test
    void everySourceIsRequired() {
        assertThat(violations(null, "0", "0")).containsExactly("central must not be null");
    }

    @Test
    void theTotalAddsTheThreeSources() {
        assertThat(new SourceAmounts(new BigDecimal("1.10"), new BigDecimal("2"), new BigDecimal("0.05")).total())
                .isEqualByComparingTo("3.15");
    }
}
