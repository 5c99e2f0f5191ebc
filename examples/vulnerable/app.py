import subprocess


def handler(request):
    data = request.args["q"]
    result = eval(data)
    x = eval(data)  # techlead-ignore
    return result
