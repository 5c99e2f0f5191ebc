"""Forms and API serializers of the shop."""
from django import forms
from rest_framework import serializers

from .models import Address, Order, Product, Review


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        # techlead-safe
        fields = ["rating", "body"]


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        # techlead-expect: python-django-modelform-all-fields
        fields = "__all__"


class OrderForm(forms.ModelForm):
    class Meta:
        model = Order
        # techlead-expect: python-django-modelform-all-fields
        exclude = ["created_at"]

    def clean_quantity(self):
        qty = self.cleaned_data["quantity"]
        if qty <= 0:
            raise forms.ValidationError("quantity must be positive")
        return qty


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        # techlead-safe
        fields = ("id", "name", "price")
        read_only_fields = ("id",)


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        # techlead-expect: python-django-modelform-all-fields
        fields = '__all__'


class SearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False)
    # techlead-safe
    fields = "__all__"

    def terms(self):
        return self.cleaned_data.get("q", "").split()
