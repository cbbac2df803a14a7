from django import forms

from duban.web.ledger import validation as check
from duban.web.ledger.forms import CheckedField
from duban.web.ledger.signals import EVENTS

from .models import Endpoint


class EndpointForm(forms.Form):
    name = CheckedField(check.name, label="名称")
    url = CheckedField(check.url, label="地址（URL）", widget=forms.URLInput(attrs={"size": 60}))
    secret = CheckedField(check.secret, label="签名密钥（钉钉机器人填“加签”密钥）", widget=forms.PasswordInput(render_value=False))
    events = forms.MultipleChoiceField(choices=list(EVENTS.items()), label="事件", widget=forms.CheckboxSelectMultiple)
    format = forms.ChoiceField(choices=Endpoint.Format.choices, label="消息格式")
