from rest_framework import serializers


class PersonSerializer(serializers.Serializer):
    """A person as coordinators' endpoints show them: id and name only."""

    id = serializers.IntegerField()
    full_name = serializers.CharField()
