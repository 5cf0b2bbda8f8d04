package cn.qinzhou.livelihood.rules.money;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * An amount of money in yuan (元) as the plan's figures and the reports write it: not negative, at most
 * two decimals (分) and 14 integer digits (the columns are numeric(16,2)). Each broken rule is reported
 * on its own with the field's name. A null passes: add {@code @NotNull} where the amount is required.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = {})
@DecimalMin(value = "0.00", message = "{rules.yuan.negative}")
@Digits(integer = 14, fraction = 2, message = "{rules.yuan.digits}")
public @interface Yuan {

    String message() default "{rules.yuan}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
