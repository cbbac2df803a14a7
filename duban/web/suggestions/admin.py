"""Admin views (staff only) for looking things up; handling goes through the pages and
:mod:`.workflow`, so the admin shows items read-only with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Batch, Communication, CoUnit, Item, Reply


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CoUnitInline(ReadOnly, admin.TabularInline):
    model = CoUnit
    extra = 0
    fields = ("department", "deadline", "opinion", "opinion_at")


class CommunicationInline(ReadOnly, admin.TabularInline):
    model = Communication
    extra = 0
    fields = ("date", "way", "summary", "by")


class ReplyInline(ReadOnly, admin.StackedInline):
    model = Reply
    extra = 0
    fields = ("round", "state", "result_class", "text", "signed_name", "sent_at", "on_time", "rating", "comment")


@admin.register(Batch)
class BatchAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("name", "year", "months", "urgent_days", "imported_at")


@admin.register(Item)
class ItemAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("number", "kind", "title", "lead", "state", "deadline", "disclose")
    list_filter = ("year", "kind", "state")
    search_fields = ("number", "title", "proposer")
    inlines = [CoUnitInline, CommunicationInline, ReplyInline]
