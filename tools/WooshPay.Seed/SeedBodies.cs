namespace WooshPay.Seed;

/// <summary>
/// Request and response bodies copied from WooshPay's Alipay+ guide (the contract). Only the
/// guide's // comments are removed from the request bodies. Compiled into the plugin's tests and the sandbox's
/// tests alike, so both hold the client and the sandbox to the same text.
/// </summary>
internal static class SeedBodies
{
    public const string PaymentIntentCreateRequest = """
        {
        "amount":200,
        "currency":"IDR",
        "confirm":true,
        "payment_method_options":{
        "alipayplus":{
        "terminal_type":"WEB"
        }
        },
        "payment_method_data":{
        "type":"alipayplus"
        },
        "return_url":"https://wooshpay.com"
        }
        """;

    public const string PaymentIntentResponse = """
        {
        "id": "pi_1646355176136638464",
        "object": "payment_intent",
        "created": 1681356636000,
        "currency": "IDR",
        "amount": 200,
        "status": "requires_action",
        "livemode": true,
        "client_secret": "pi_1646355176136638464_secret_gxkV1LYb76c2nFvtzDmHevyw",
        "next_action": {
        "alipayplus_handle_redirect": {
        "normalUrl": "https://open-sea.alipayplus.com/api/open/v1/ac/cashier/self/codevalue/checkout.htm?codeValue=281666040092tDht8YNMR2t2u648Mu5v476I"
        }
        },
        "payment_method_types": [
        "alipay",
        "wechat_pay",
        "card",
        "alipayplus"
        ],
        "confirmation_method": "automatic",
        "payment_method_options": {
        "alipayplus": {
        "terminal_type": "WEB"
        }
        },
        "return_url": "https://wooshpay.com",
        "payment_method": "pm_1646355176006615040",
        "capture_method": "automatic"
        }
        """;

    public const string RefundCreateRequest = """
        {
        "reason":"requested_by_customer",
        "payment_intent":"pi_1575055712604651520"
        }
        """;

    public const string RefundResponse = """
        {
        "id":"re_1575092157281206272",
        "object":"refund",
        "created":1664366209000,
        "amount":20,
        "currency":"CNY",
        "metadata":null,
        "reason":"requested_by_customer",
        "status":"succeeded",
        "description":null,
        "payment_intent":"pi_1575055712604651520",
        "failure_reason":null
        }
        """;

    public const string WebhookEndpointCreateRequest = """
        {
        "url":"https://apitest.wooshpay.com/v1/receives",
        "description":"I_am_description",
        "enabled_events":[
        "payment_intent.created",
        "payment_intent.payment_failed",
        "payment_intent.succeeded",
        "charge.refund.updated"
        ],
        "api_version":"1.0.1"
        }
        """;

    public const string WebhookEndpointResponse = """
        {
        "id":"we_1575093135514533888",
        "object":"webhook_endpoint",
        "created":1664366442000,
        "description":"I_am_description",
        "metadata":null,
        "status":"enabled",
        "url":"https://apitest.wooshpay.com/v1/receives",
        "livemode":false,
        "api_version":"1.0.1",
        "enabled_events":[
        "payment_intent.created",
        "payment_intent.payment_failed",
        "payment_intent.succeeded",
        "charge.refund.updated"
        ]
        }
        """;

    public const string CheckoutSessionCreateRequest = """
        {
        "cancel_url": "www.baide.com",
        "mode": "payment",
        "success_url": "www.wooshpay.com",
        "payment_method_options": {
        "alipayplus": {
        "terminal_type": "WEB"
        }
        },
        "line_items": [
        {
        "price_data": {
        "currency": "GBP",
        "product": null,
        "unit_amount": 5,
        "active": true,
        "metadata": {
        "key1": "value1",
        "key2": "value2"
        },
        "nickname": "fengli",
        "product_data": {
        "id": null,
        "name": "taiwan fengli",
        "active": true,
        "description": "very delicious",
        "metadata": {
        "key1": "value1",
        "key2": "value2"
        },
        "url": "www.baidu.com"
        },
        "billing_scheme": "testscheme",
        "lookup_key": "test_lookup_key"
        },
        "quantity": 1
        }
        ]
        }
        """;

    public const string CheckoutSessionResponse = """
        {
        "id": "cs_1597163428114333696",
        "object": "checkout.session",
        "created": 1669628410000,
        "currency": "GBP",
        "customer": "",
        "mode": "payment",
        "livemode": true,
        "shipping": null,
        "status": "open",
        "url": "https://checkout.wooshpay.com/pay/cs_1597163428114333696?key=pk_live_dGVzdDpKeEQzUXhpWDJyYkFRZEo1QWtWN0dHUFo=",
        "cancel_url": "www.baidu.com",
        "client_reference_id": null,
        "customer_email": null,
        "line_items": {
        "object": "list",
        "data": [
        {
        "id": "li_1597163428139499520",
        "object": "item",
        "currency": "GBP",
        "description": "taiwan fengli",
        "price": {
        "id": "price_1597163428152082432",
        "object": "price",
        "created": 1669628410000,
        "active": true,
        "currency": "GBP",
        "metadata": {
        "key1": "value1",
        "key2": "value2"
        },
        "nickname": "fengli",
        "product": {
        "id": "prod_1597163428164665344",
        "object": "product",
        "created": 1669628410000,
        "active": true,
        "description": "very delicious",
        "metadata": {
        "key1": "value1",
        "key2": "value2"
        },
        "name": "taiwan fengli",
        "livemode": true,
        "url": "www.baidu.com",
        "updated": 1669628410000,
        "images": null
        },
        "type": "one_time",
        "livemode": true,
        "unit_amount": 5,
        "billing_scheme": "per_unit",
        "lookup_key": "test_lookup_key"
        },
        "quantity": 1,
        "amount_subtotal": 5,
        "amount_total": 5
        }
        ],
        "url": null,
        "has_more": null
        },
        "payment_intent": "pi_1597163428336631808",
        "payment_method_types": null,
        "payment_status": "unpaid",
        "success_url": "www.wooshpay.com",
        "amount_subtotal": 5,
        "amount_total": 5,
        "billing_address_collection": "auto",
        "expires_at": 1669714809783,
        "payment_link": "",
        "payment_method_options": null,
        "phone_number_collection": null,
        "shipping_address_collection": null,
        "client_secret": "pi_1597163428336631808_secret_pxwFDDYAbSnC99NpAKVwE1Sr"
        }
        """;
}
