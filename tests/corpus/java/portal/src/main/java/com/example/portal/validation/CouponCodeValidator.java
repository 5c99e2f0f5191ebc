package com.example.portal.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import com.example.portal.coupons.CouponService;

/** Checks the coupon code typed at checkout against the active campaigns. */
public class CouponCodeValidator implements ConstraintValidator<CouponCode, String> {

    private final CouponService coupons;

    public CouponCodeValidator(CouponService coupons) {
        this.coupons = coupons;
    }

    @Override
    public boolean isValid(String code, ConstraintValidatorContext context) {
        if (code == null || code.isBlank()) {
            return true;
        }
        if (coupons.isExpired(code)) {
            context.disableDefaultConstraintViolation();
            // techlead-expect: java-bean-validation-message-injection
            context.buildConstraintViolationWithTemplate("Coupon " + code + " has expired")
                .addConstraintViolation();
            return false;
        }
        if (!coupons.exists(code)) {
            context.disableDefaultConstraintViolation();
            context.unwrap(HibernateConstraintValidatorContext.class)
                .addMessageParameter("code", code)
                // techlead-safe
                .buildConstraintViolationWithTemplate("Unknown coupon {code}")
                .addConstraintViolation();
            return false;
        }
        return true;
    }
}
